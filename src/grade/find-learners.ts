/**
 * A class folder holds one folder per learner. A learner's folder is their copy of the workbook
 * (`exercises/NN-slug/`), or just its `exercises/` tree, or the `NN-slug/` folders directly.
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Lesson } from '../curriculum/lessons.ts'
import { UsageError } from '../cli/usage-error.ts'

export type Learner = { name: string; dir: string }

export function findLearners(classDir: string, only?: string): Learner[] {
  if (!existsSync(classDir) || !statSync(classDir).isDirectory()) throw new UsageError(`"${classDir}" is not a folder. Give the folder that holds one folder per learner.`)
  const learners = readdirSync(classDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => ({ name: entry.name, dir: join(classDir, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name))
  if (only !== undefined) {
    const one = learners.filter((learner) => learner.name === only)
    if (!one.length) throw new UsageError(`There is no learner "${only}" in ${classDir}.`)
    return one
  }
  if (!learners.length) throw new UsageError(`${classDir} holds no learner folders.`)
  return learners
}

/** The learner's folder for a lesson, or null when they have none. */
export function lessonFolder(learnerDir: string, lesson: Lesson): string | null {
  for (const base of [join(learnerDir, 'exercises'), learnerDir]) {
    const exact = join(base, lesson.id)
    if (isDir(exact)) return exact
    // A renamed slug still counts when the number matches: `03-my-server/`.
    const prefix = `${String(lesson.number).padStart(2, '0')}-`
    const loose = isDir(base) ? readdirSync(base).find((name) => name.startsWith(prefix) && isDir(join(base, name))) : undefined
    if (loose) return join(base, loose)
  }
  return null
}

// lstat: a symlinked lesson folder (perhaps into another learner's work) does not count.
const isDir = (path: string) => lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === true
