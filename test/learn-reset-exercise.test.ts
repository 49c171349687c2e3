// Proves "reset the exercise": the learner's file is backed up under the progress folder and the
// committed starter (read from git) is written back; a second reset finds nothing to do.
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { resetExercise } from '../src/learn/reset-exercise.ts'
import { readStarter } from '../src/learn/starter.ts'
import { scratch } from '../support/learn-terminal.ts'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

test('reset backs up the learner\'s file and restores the committed starter', () => {
  const space = scratch()
  cleanups.push(space.remove)
  process.env.WORKBOOK_PROGRESS = space.progress
  const lesson = findLesson(loadLessons(), '3')
  const starter = readStarter(lesson)
  if (!starter.found) throw new Error(starter.why)

  const mine = join(space.exercise, 'server.ts')
  writeFileSync(mine, '// my attempt\n')
  const outcome = resetExercise(lesson, space.exercise, new Date('2030-01-02T03:04:05Z'))
  expect(outcome).toEqual({ state: 'reset', file: mine, backup: join(dirname(space.progress), 'backups', '03-request-response', 'server-2030-01-02T03-04-05-000Z.ts') })
  expect(readFileSync(mine, 'utf8')).toBe(starter.text)
  expect(readFileSync(outcome.state === 'reset' ? outcome.backup! : '', 'utf8')).toBe('// my attempt\n')
  expect(resetExercise(lesson, space.exercise)).toEqual({ state: 'unchanged', file: mine })
})

test('a learner who switched to server.js gets server.ts back, the .js kept as a backup', () => {
  const space = scratch()
  cleanups.push(space.remove)
  process.env.WORKBOOK_PROGRESS = space.progress
  const lesson = findLesson(loadLessons(), '3')
  const ts = join(space.exercise, 'server.ts')
  unlinkSync(ts)
  writeFileSync(join(space.exercise, 'server.js'), 'console.log(1)\n')
  const outcome = resetExercise(lesson, space.exercise)
  expect(outcome.state).toBe('reset')
  expect(existsSync(join(space.exercise, 'server.js'))).toBe(false)
  expect(existsSync(ts)).toBe(true)
  const backups = join(dirname(space.progress), 'backups', '03-request-response')
  expect(readdirSync(backups).map((name) => readFileSync(join(backups, name), 'utf8'))).toEqual(['console.log(1)\n'])
})
