/**
 * Grades one learner's work on one lesson, as untrusted code: from a sandboxed copy, within a
 * deadline. Whatever the program does, this resolves with a result and leaves nothing running.
 */
import { basename, dirname, join } from 'node:path'
import type { Lesson } from '../curriculum/lessons.ts'
import { entryCandidates, findEntryFile } from '../curriculum/entry-file.ts'
import { GRADE_CLEANUP_WAIT_MS } from '../limits.ts'
import { checkLesson } from '../runner/check-lesson.ts'
import type { CheckResult, LessonResult } from '../runner/results.ts'
import type { Learner } from './find-learners.ts'
import { lessonFolder } from './find-learners.ts'
import { killProcessesIn } from './kill-in-folder.ts'
import { missingResult } from './missing-result.ts'
import { watchDisk } from './disk-watch.ts'
import { createSandbox, type Limits } from './sandbox.ts'
import { osSandboxFor, type InForce } from './os-sandbox.ts'
import { compileLearner, engineBundle, engineFolder } from './compile-learner.ts'

/** `missing`: why the lesson counts as not handed in (no folder, no entry file, a link); shown once, not per check. */
export type GradedLesson = { learner: string; result: LessonResult; missing?: string; isolation?: InForce['mode'] }

export type GradeOneOptions = {
  seed: number
  limits: Limits
  tempRoot?: string
  /** How programs are isolated (os-sandbox.ts); the permission model alone when not said. */
  inForce?: InForce
}

export async function gradeOne(learner: Learner, lesson: Lesson, options: GradeOneOptions): Promise<GradedLesson> {
  const graded = await gradeOneUnlabelled(learner, lesson, options)
  return { ...graded, isolation: options.inForce?.mode ?? 'permission-model' }
}

async function gradeOneUnlabelled(learner: Learner, lesson: Lesson, options: GradeOneOptions): Promise<GradedLesson> {
  const found = lessonFolder(learner.dir, lesson)
  const notHandedIn = async (why: string, file: string) => ({ learner: learner.name, result: await missingResult(lesson, why, options.seed, file), missing: why })
  if (!found) return notHandedIn(`no folder for lesson ${lesson.id} (looked in exercises/${lesson.id}/ and ${lesson.id}/)`, join(learner.dir, lesson.id))
  if ('link' in found) {
    return notHandedIn(`${found.link} is a link, not a folder: links are not followed (one could point at another learner's work); hand in the folder itself`, join(learner.dir, found.link))
  }
  const source = found.dir
  if (!findEntryFile(source, lesson.entry)) {
    return notHandedIn(`no ${lesson.entry} in ${basename(source)}/ (looked for ${entryCandidates(lesson.entry).join(', ')})`, join(source, lesson.entry))
  }

  // The grader's own trouble is an error, never the learner's failure.
  const graderError = async (why: string, file: string) => ({ learner: learner.name, result: await missingResult(lesson, why, options.seed, file, { status: 'error' }) })
  let sandbox: ReturnType<typeof createSandbox>
  let engine: { harness: string; checks: string }
  try {
    engine = await engineBundle(lesson.checksPath, options.tempRoot)
    sandbox = createSandbox(source, lesson, options.limits, options.tempRoot, engineFolder(options.tempRoot), options.inForce?.mode === 'none')
  } catch (error) {
    return graderError(`the lesson folder could not be copied for grading: ${error instanceof Error ? error.message : String(error)}`, join(source, lesson.entry))
  }
  // Links are not copied (one could point at another learner's work): an entry that is a link is missing.
  const copied = findEntryFile(sandbox.dir, lesson.entry)
  if (!copied) {
    sandbox.remove()
    return notHandedIn(`${lesson.entry} is a link, not a file: links are not followed; hand in the file itself`, join(source, lesson.entry))
  }
  // The grader compiles the TypeScript (in its own process, into the copy): the program then
  // runs as plain JavaScript, its stack traces mapped back to the .ts lines.
  let entry: string
  try {
    entry = compileLearner(sandbox.dir, copied)
  } catch (error) {
    sandbox.remove()
    return graderError(`the lesson folder could not be compiled for grading: ${error instanceof Error ? error.message : String(error)}`, join(source, lesson.entry))
  }
  const done: CheckResult[] = [] // what has been judged so far: kept when the deadline cuts the run short
  const running = checkLesson(lesson, entry, {
    seed: options.seed,
    env: sandbox.env,
    nodeFlags: sandbox.nodeFlags,
    loader: 'plain',
    engine,
    ...(options.inForce?.os
      ? { osSandbox: osSandboxFor(options.inForce.os, sandbox.home, [dirname(learner.dir)], [engineFolder(options.tempRoot)], options.limits, options.tempRoot) }
      : {}),
    outputCapBytes: options.limits.outputCapBytes,
    bootTimeoutMs: options.limits.bootTimeoutMs,
    checkTimeoutMs: options.limits.checkTimeoutMs,
    onResult: (result) => done.push(result),
  })
  // The sandbox goes once the run is over, even when the deadline gave up on it first.
  const cleanup = running.then(() => {}, () => {}).finally(() => sandbox.remove())
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.limits.lessonTimeoutMs)
  })
  // Writing too much into its folder ends the program as the deadline does, with its own reason.
  let diskFull: string | null = null
  let stopDiskWatch = () => {}
  const disk = new Promise<'disk'>((resolve) => {
    stopDiskWatch = watchDisk(sandbox.home, options.limits.diskMb * 1024 * 1024, (why) => {
      diskFull = why
      resolve('disk')
    })
  })
  try {
    const outcome = await Promise.race([running, deadline, disk]).catch((error: unknown) => ({ error }))
    if (outcome === 'timeout' || outcome === 'disk') {
      const kept = [...done]
      // The runner restarts a program that dies: keep killing until the run gives up and ends.
      const reaper = setInterval(() => killProcessesIn(sandbox.home), 100)
      killProcessesIn(sandbox.home)
      await Promise.race([cleanup, new Promise((resolve) => setTimeout(resolve, GRADE_CLEANUP_WAIT_MS).unref())])
      clearInterval(reaper)
      const why = diskFull
        ? `grading stopped: the program wrote ${diskFull} into its folder (the limit is ${options.limits.diskMb} MiB), before this check was judged`
        : `grading stopped after ${Math.round(options.limits.lessonTimeoutMs / 1000)} s (the lesson's time limit) before this check was judged`
      const result = await missingResult(lesson, why, options.seed, join(source, basename(copied)), { done: fromSandbox(kept, sandbox.dir, source) })
      return { learner: learner.name, result }
    }
    if ('error' in outcome) {
      return graderError(`the grader could not run this lesson: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`, join(source, basename(copied)))
    }
    await cleanup
    // The result names the learner's own file (server.ts), not the JavaScript compiled from it.
    return { learner: learner.name, result: fromSandbox({ ...outcome, file: copied }, sandbox.dir, source) }
  } finally {
    clearTimeout(timer)
    stopDiskWatch()
  }
}

/** Paths in the result name the learner's own folder, not the temporary copy. */
function fromSandbox<T>(result: T, copy: string, original: string): T {
  const text = JSON.stringify(result)
  const quoted = (path: string) => JSON.stringify(path).slice(1, -1)
  return JSON.parse(text.split(quoted(copy)).join(quoted(original))) as T
}
