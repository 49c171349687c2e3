// Proves the progress file: missing or damaged reads as nothing done; updates are per lesson;
// a lesson's state reads not started → in progress → passed; resume picks the first not passed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { firstUnfinished, lessonProgress, lessonState, loadProgress, resetLessonProgress, updateLesson } from '../src/learn/progress.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const file = () => {
  const dir = mkdtempSync(join(tmpdir(), 'learn-progress-'))
  dirs.push(dir)
  return join(dir, 'nested', 'progress.json')
}

test('a missing or damaged file reads as nothing done', () => {
  const path = file()
  expect(loadProgress(path)).toEqual({ version: 1, lessons: {} })
  updateLesson('03-x', { started: true }, path)
  writeFileSync(path, '{ torn')
  expect(loadProgress(path)).toEqual({ version: 1, lessons: {} })
})

test('states follow what the learner did, and one lesson can be forgotten', () => {
  const path = file()
  expect(lessonState(lessonProgress(loadProgress(path), '03-x'))).toBe('not started')
  updateLesson('03-x', { hintsShown: 1 }, path)
  expect(lessonState(lessonProgress(loadProgress(path), '03-x'))).toBe('in progress')
  updateLesson('03-x', { passed: true, quizDone: true }, path)
  updateLesson('04-y', { started: true }, path)
  expect(lessonProgress(loadProgress(path), '03-x')).toEqual({ started: false, passed: true, quizDone: true, hintsShown: 1 })
  resetLessonProgress('03-x', path)
  expect(loadProgress(path).lessons).toEqual({ '04-y': { started: true, passed: false, quizDone: false, hintsShown: 0 } })
})

test('resume goes to the first lesson not passed, or the last when all are', () => {
  const lessons = [{ id: '01-a' }, { id: '02-b' }, { id: '03-c' }]
  const progress = { version: 1 as const, lessons: { '01-a': { started: true, passed: true, quizDone: false, hintsShown: 0 } } }
  expect(firstUnfinished(lessons, progress)?.id).toBe('02-b')
  for (const lesson of lessons) progress.lessons[lesson.id as '01-a'] = { started: true, passed: true, quizDone: true, hintsShown: 0 }
  expect(firstUnfinished(lessons, progress)?.id).toBe('03-c')
})
