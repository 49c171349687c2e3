// Proves `npm run lesson 3` in a real terminal: the lesson is shown with the file to edit and the
// check command, "Check my code now" grades the learner's file and shows the verdict, Ctrl-C in
// the menu exits 0, and the run is remembered in the progress file. Ctrl-C during a check exits
// 130 at once and kills the learner's server.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { KEYS, Terminal, scratch, testEnv } from '../support/learn-terminal.ts'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

test('picking "Check my code now" shows the verdict, then Ctrl-C leaves cleanly', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const terminal = new Terminal(['3', '--dir', space.exercise], testEnv(space.progress))
  cleanups.push(() => terminal.kill())

  await terminal.waitFor(/Edit:\s+\S*exercise\/server\.ts/, 20_000)
  await terminal.waitFor(/Check:\s+npm run check -- 3 --file \S*exercise/, 1_000)
  const menu = await terminal.waitFor(/What next\?[\s\S]*Check my code now/, 10_000)
  terminal.send(KEYS.enter)
  const verdict = await terminal.waitFor(/✖ \d+ of \d+ checks pass/, 30_000, menu)
  // Each check has its line above the verdict; the engine's own event-loop check is listed too,
  // judged only once another check passes (the starter passes none).
  expect(terminal.screen.slice(menu, verdict)).toMatch(/never blocks the event loop for over 500 ms skipped: it counts once another check of this lesson passes/)
  expect(terminal.screen.slice(verdict)).toContain('Stuck? "Next hint" in the menu gives one hint at a time (in watch mode, q opens the menu).')
  await terminal.waitFor(/What next\?/, 10_000, verdict)
  terminal.send(KEYS.ctrlC)
  expect(await terminal.waitForExit(10_000)).toBe(0)

  const progress = JSON.parse(readFileSync(space.progress, 'utf8'))
  expect(progress.lessons['03-request-response']).toMatchObject({ started: true, passed: false })
}, 60_000)

test('Ctrl-C while a check runs stops at once and leaves no server running', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const pidFile = join(space.dir, 'server.pid')
  // A server that records its pid and answers slowly, so Ctrl-C lands mid-check.
  writeFileSync(
    join(space.exercise, 'server.ts'),
    `import http from 'node:http'\nimport { writeFileSync } from 'node:fs'\nhttp.createServer((req, res) => { setTimeout(() => res.end('late'), 20_000) }).listen(3000, () => writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)))\n`,
  )
  const terminal = new Terminal(['3', '--dir', space.exercise], testEnv(space.progress))
  cleanups.push(() => terminal.kill())
  const menu = await terminal.waitFor(/What next\?[\s\S]*Check my code now/, 20_000)
  terminal.send(KEYS.enter)
  await terminal.waitFor(/Checking \S*server\.ts/, 10_000, menu)
  const deadline = Date.now() + 15_000
  while (!existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  const pid = Number(readFileSync(pidFile, 'utf8'))
  terminal.send(KEYS.ctrlC)
  expect(await terminal.waitForExit(10_000)).toBe(130)
  expect(terminal.screen).toContain('Stopped.')
  expect(terminal.screen).not.toMatch(/\n\s+at /)
  // SIGKILLed by the exit hook; give the system a moment to reap it.
  const alive = () => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  const reaped = Date.now() + 5_000
  while (alive() && Date.now() < reaped) await new Promise((resolve) => setTimeout(resolve, 50))
  expect(alive()).toBe(false)
}, 60_000)
