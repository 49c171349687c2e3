/**
 * What the learner has done, kept in the project (`.workbook/progress.json`, git-ignored) so it
 * survives `npm install` and a restart. Missing or damaged files read as "nothing done yet".
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { ROOT } from '../root.ts'

export type LessonProgress = {
  /** The learner opened the lesson or ran its checks. */
  started: boolean
  /** The last check passed at least once. */
  passed: boolean
  quizDone: boolean
  /** How many hints have been shown, in order. */
  hintsShown: number
}

export type LessonState = 'not started' | 'in progress' | 'passed'

export type Progress = {
  version: 1
  lessons: Record<string, LessonProgress>
  /** Made once per copy of the workbook: the quiz shows each learner the choices in their own order. */
  salt?: string
}

const EMPTY: LessonProgress = { started: false, passed: false, quizDone: false, hintsShown: 0 }

/** `WORKBOOK_PROGRESS` moves the file (the tests use it to keep away from the learner's own). */
export function progressPath(): string {
  return process.env.WORKBOOK_PROGRESS ?? join(ROOT, '.workbook', 'progress.json')
}

export function loadProgress(file = progressPath()): Progress {
  if (!existsSync(file)) return { version: 1, lessons: {} }
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Progress>
    const lessons = typeof data.lessons === 'object' && data.lessons ? data.lessons : {}
    return { version: 1, lessons, ...(typeof data.salt === 'string' && data.salt ? { salt: data.salt } : {}) }
  } catch {
    return { version: 1, lessons: {} }
  }
}

export function saveProgress(progress: Progress, file = progressPath()): void {
  mkdirSync(dirname(file), { recursive: true })
  // Write then rename: a Ctrl-C halfway never leaves a torn file behind.
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`)
  renameSync(temporary, file)
}

/** This copy's salt, made and saved the first time it is asked for. */
export function progressSalt(file = progressPath()): string {
  const progress = loadProgress(file)
  if (progress.salt) return progress.salt
  const salt = randomBytes(8).toString('hex')
  saveProgress({ ...progress, salt }, file)
  return salt
}

export function lessonProgress(progress: Progress, id: string): LessonProgress {
  return { ...EMPTY, ...progress.lessons[id] }
}

/** Reads, changes and saves one lesson's record. */
export function updateLesson(id: string, change: Partial<LessonProgress>, file = progressPath()): LessonProgress {
  const progress = loadProgress(file)
  const next = { ...lessonProgress(progress, id), ...change }
  progress.lessons[id] = next
  saveProgress(progress, file)
  return next
}

export function resetLessonProgress(id: string, file = progressPath()): void {
  const progress = loadProgress(file)
  delete progress.lessons[id]
  saveProgress(progress, file)
}

export function lessonState(record: LessonProgress): LessonState {
  if (record.passed) return 'passed'
  return record.started || record.hintsShown > 0 || record.quizDone ? 'in progress' : 'not started'
}

/** The first lesson not yet passed (a lesson is finished when its checks pass; the quiz is extra). */
export function firstUnfinished<T extends { id: string }>(lessons: T[], progress: Progress): T | undefined {
  return lessons.find((lesson) => !lessonProgress(progress, lesson.id).passed) ?? lessons.at(-1)
}
