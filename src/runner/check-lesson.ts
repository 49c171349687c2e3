/** Grades a file against a curriculum lesson: loads the lesson's checks and runs them. */
import { pathToFileURL } from 'node:url'
import type { LessonChecks } from '../dsl/define.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { newSeed } from '../dsl/random.ts'
import { runLesson, type RunOptions } from './run-lesson.ts'
import type { LessonResult } from './results.ts'
import { join, dirname } from 'node:path'
import { findEntryFile } from '../curriculum/entry-file.ts'
import { ownModule } from './paths.ts'

const loaded = new Map<string, Promise<LessonChecks>>()

export function loadChecks(lesson: Pick<Lesson, 'checksPath'>): Promise<LessonChecks> {
  let checks = loaded.get(lesson.checksPath)
  if (!checks) {
    checks = import(pathToFileURL(ownModule(lesson.checksPath)).href).then((module: { default: LessonChecks }) => module.default)
    loaded.set(lesson.checksPath, checks)
  }
  return checks
}

export type CheckOptions = Partial<Omit<RunOptions, 'checks' | 'checksPath' | 'title' | 'entryFile'>>

export async function checkLesson(lesson: Pick<Lesson, 'checksPath' | 'title'>, entryFile: string, options: CheckOptions = {}): Promise<LessonResult> {
  const checks = await loadChecks(lesson)
  return runLesson({
    seed: newSeed(),
    ...options,
    checks,
    checksPath: ownModule(lesson.checksPath),
    title: lesson.title,
    entryFile,
    ...(checks.moduleFile ? { moduleFile: moduleFileBeside(entryFile, checks.moduleFile) } : {}),
  })
}

/** `app.ts` as the checks name it, or the learner's `app.js` / `app.mjs` beside their entry. */
function moduleFileBeside(entryFile: string, moduleFile: string): string {
  const dir = dirname(entryFile)
  return findEntryFile(dir, moduleFile) ?? join(dir, moduleFile)
}
