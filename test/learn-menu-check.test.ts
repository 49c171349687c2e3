// Proves `npm run lesson 3` in a real terminal: the lesson is shown with the file to edit and the
// check command, "Check my code now" grades the learner's file and shows the verdict, Ctrl-C in
// the menu exits 0, and the run is remembered in the progress file.
import { readFileSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import { KEYS, Terminal, scratch, testEnv } from './learn-terminal.ts'

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
  // Each check has its line above the verdict; the engine's own event-loop check always runs.
  expect(terminal.screen.slice(menu, verdict)).toMatch(/✓ never blocks the event loop/)
  expect(terminal.screen.slice(verdict)).toContain('Stuck? Pick "Next hint" in the menu.')
  await terminal.waitFor(/What next\?/, 10_000, verdict)
  terminal.send(KEYS.ctrlC)
  expect(await terminal.waitForExit(10_000)).toBe(0)

  const progress = JSON.parse(readFileSync(space.progress, 'utf8'))
  expect(progress.lessons['03-request-response']).toMatchObject({ started: true, passed: false })
}, 60_000)
