// Proves `npm run lesson` never waits for input without a terminal: through a pipe, and with CI
// set even inside a terminal, it prints the lesson and the next steps and exits 0. A lesson
// that does not exist exits 2 with one line and no stack trace.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { LESSON, ROOT, Terminal, scratch, testEnv } from '../support/learn-terminal.ts'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const lesson = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(LESSON[0]!, [...LESSON.slice(1), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' })

test('through a pipe it prints the lesson and the next steps, then exits 0', () => {
  const space = scratch()
  cleanups.push(space.remove)
  const run = lesson(['3', '--dir', space.exercise], testEnv(space.progress))
  expect(run.status).toBe(0)
  expect(run.stdout).toMatch(/^Lesson 03 of \d+: /)
  expect(run.stdout).toMatch(/Edit:\s+\S*exercise\/server\.ts/)
  expect(run.stdout).toContain('Next steps')
  expect(run.stdout).toContain('2. Check it: npm run check -- 3 --file')
  expect(run.stdout).not.toContain('What next?')
})

test('with CI set it does not prompt even in a terminal', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const terminal = new Terminal(['3', '--dir', space.exercise], testEnv(space.progress, { CI: 'true' }))
  cleanups.push(() => terminal.kill())
  expect(await terminal.waitForExit(20_000)).toBe(0)
  expect(terminal.screen).toContain('Next steps')
  expect(terminal.screen).not.toContain('What next?')
}, 30_000)

test('without a number it lists the lessons and resumes at the first one not passed', () => {
  const space = scratch()
  cleanups.push(space.remove)
  const run = lesson([], testEnv(space.progress))
  expect(run.status).toBe(0)
  expect(run.stdout).toMatch(/not started/)
  expect(run.stdout).toMatch(/Resuming at lesson \d+, the first one not passed yet\./)
})

test('a lesson that does not exist exits 2 with one clear line', () => {
  const space = scratch()
  cleanups.push(space.remove)
  const run = lesson(['99'], testEnv(space.progress))
  expect(run.status).toBe(2)
  expect(run.stderr).toMatch(/✖ There is no lesson "99"\. Lessons go from \d+ to \d+; `npm run lesson` lists them\./)
  expect(run.stderr).not.toMatch(/\n\s+at /)
})

test('--reset-progress forgets one lesson', () => {
  const space = scratch()
  cleanups.push(space.remove)
  lesson(['3', '--dir', space.exercise], testEnv(space.progress))
  expect(JSON.parse(readFileSync(space.progress, 'utf8')).lessons).toHaveProperty('03-request-response') // something to forget
  const run = lesson(['3', '--reset-progress'], testEnv(space.progress))
  expect(run.status).toBe(0)
  expect(run.stdout).toMatch(/^Progress on lesson 3 \(.+\) forgotten\. Your code is untouched\.\n$/)
  expect(JSON.parse(readFileSync(space.progress, 'utf8')).lessons).not.toHaveProperty('03-request-response')
})
