/**
 * Grades one learner's work on one lesson, as untrusted code: from a sandboxed copy, within a
 * deadline. Whatever the program does, this resolves with a result and leaves nothing running.
 */
import { basename, join } from 'node:path'
import type { Lesson } from '../curriculum/lessons.ts'
import { entryCandidates, findEntryFile } from '../curriculum/entry-file.ts'
import { checkLesson } from '../runner/check-lesson.ts'
import type { LessonResult } from '../runner/results.ts'
import type { Learner } from './find-learners.ts'
import { lessonFolder } from './find-learners.ts'
import { killProcessesIn } from './kill-in-folder.ts'
import { missingResult } from './missing-result.ts'
import { createSandbox, type Limits } from './sandbox.ts'

export type GradedLesson = { learner: string; result: LessonResult }

export type GradeOneOptions = { seed: number; limits: Limits; tempRoot?: string }

export async function gradeOne(learner: Learner, lesson: Lesson, options: GradeOneOptions): Promise<GradedLesson> {
  const source = lessonFolder(learner.dir, lesson)
  if (!source) {
    const why = `no folder for lesson ${lesson.id} (looked in exercises/${lesson.id}/ and ${lesson.id}/)`
    return { learner: learner.name, result: await missingResult(lesson, why, options.seed, join(learner.dir, lesson.id)) }
  }
  if (!findEntryFile(source, lesson.entry)) {
    const why = `no ${lesson.entry} in ${basename(source)}/ (looked for ${entryCandidates(lesson.entry).join(', ')})`
    return { learner: learner.name, result: await missingResult(lesson, why, options.seed, join(source, lesson.entry)) }
  }

  const missing = async (why: string) => ({ learner: learner.name, result: await missingResult(lesson, why, options.seed, join(source, lesson.entry)) })
  let sandbox: ReturnType<typeof createSandbox>
  try {
    sandbox = createSandbox(source, lesson, options.limits, options.tempRoot)
  } catch (error) {
    return missing(`the lesson folder could not be copied for grading: ${error instanceof Error ? error.message : String(error)}`)
  }
  // Links are not copied (one could point at another learner's work): an entry that is a link is missing.
  const entry = findEntryFile(sandbox.dir, lesson.entry)
  if (!entry) {
    sandbox.remove()
    return missing(`${lesson.entry} is a link, not a file: hand in the file itself`)
  }
  const running = checkLesson(lesson, entry, {
    seed: options.seed,
    env: sandbox.env,
    nodeFlags: sandbox.nodeFlags,
    outputCapBytes: options.limits.outputCapBytes,
    bootTimeoutMs: options.limits.bootTimeoutMs,
    checkTimeoutMs: options.limits.checkTimeoutMs,
  })
  // The sandbox goes once the run is over, even when the deadline gave up on it first.
  const cleanup = running.then(() => {}, () => {}).finally(() => sandbox.remove())
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.limits.lessonTimeoutMs)
  })
  try {
    const outcome = await Promise.race([running, deadline]).catch((error: unknown) => ({ error }))
    if (outcome === 'timeout') {
      // The runner restarts a program that dies: keep killing until the run gives up and ends.
      const reaper = setInterval(() => killProcessesIn(sandbox.home), 100)
      killProcessesIn(sandbox.home)
      await Promise.race([cleanup, new Promise((resolve) => setTimeout(resolve, 20_000).unref())])
      clearInterval(reaper)
      const why = `grading stopped after ${Math.round(options.limits.lessonTimeoutMs / 1000)} s (the lesson's time limit)`
      return { learner: learner.name, result: await missingResult(lesson, why, options.seed, join(source, basename(entry))) }
    }
    if ('error' in outcome) {
      const why = `the grader could not run this lesson: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`
      return { learner: learner.name, result: await missingResult(lesson, why, options.seed, join(source, basename(entry))) }
    }
    await cleanup
    return { learner: learner.name, result: fromSandbox(outcome, sandbox.dir, source) }
  } finally {
    clearTimeout(timer)
  }
}

/** Paths in the result name the learner's own folder, not the temporary copy. */
function fromSandbox(result: LessonResult, copy: string, original: string): LessonResult {
  const text = JSON.stringify(result)
  const quoted = (path: string) => JSON.stringify(path).slice(1, -1)
  return JSON.parse(text.split(quoted(copy)).join(quoted(original))) as LessonResult
}
