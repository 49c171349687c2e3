// Proves watch mode in a real terminal, with file events and with --poll: it checks at once,
// says how to leave, and a save (here: the reference solution copied over a scratch copy of the
// starter) brings the new verdict; q goes back to the menu and Ctrl-C there exits 0.
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { KEYS, ROOT, Terminal, scratch, testEnv } from './learn-terminal.ts'

const SOLUTION = join(ROOT, 'solutions', '03-request-response', 'server.ts')
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

async function watchUntilPassing(terminal: Terminal, exercise: string, from: number): Promise<number> {
  const failing = await terminal.waitFor(/✖ \d+ of \d+ checks pass[\s\S]*q back to the menu · Ctrl-C quit/, 30_000, from)
  copyFileSync(SOLUTION, join(exercise, 'server.ts'))
  const passing = await terminal.waitFor(/saved \S*server\.ts[\s\S]*✔ All \d+ checks pass[\s\S]*🎉 Lesson 3 passed! Next: npm run lesson \d+/, 30_000, failing)
  return terminal.waitFor(/q back to the menu · Ctrl-C quit/, 10_000, passing)
}

test('the menu\'s watch mode re-checks on save and q returns to the menu', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const terminal = new Terminal(['3', '--dir', space.exercise], testEnv(space.progress))
  cleanups.push(() => terminal.kill())

  const menu = await terminal.waitFor(/What next\?[\s\S]*Watch: check again on every save/, 20_000)
  terminal.send(KEYS.down)
  const pointed = await terminal.waitFor(/❯\s*Watch: check again on every save/, 10_000, menu)
  terminal.send(KEYS.enter)
  const watching = await terminal.waitFor(/Watching \S*exercise for saves\./, 10_000, pointed)
  const passed = await watchUntilPassing(terminal, space.exercise, watching)
  terminal.send('q')
  const back = await terminal.waitFor(/Leaving watch mode[\s\S]*What next\?/, 10_000, passed)
  // No check was running: nothing to finish, and it does not say so.
  expect(terminal.screen.slice(passed, back)).toContain('Leaving watch mode.')
  expect(terminal.screen.slice(passed, back)).not.toContain('finishing the check under way')
  terminal.send(KEYS.ctrlC)
  expect(await terminal.waitForExit(10_000)).toBe(0)
  expect(terminal.screen.slice(back)).not.toContain('Error')
  expect(JSON.parse(readFileSync(space.progress, 'utf8')).lessons['03-request-response'].passed).toBe(true)
}, 90_000)

test('--watch --poll watches by polling, and Ctrl-C quits straight from watch mode', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const terminal = new Terminal(['3', '--dir', space.exercise, '--watch', '--poll'], testEnv(space.progress))
  cleanups.push(() => terminal.kill())

  const watching = await terminal.waitFor(/Watching \S*exercise for saves \(polling\)\./, 30_000)
  const passed = await watchUntilPassing(terminal, space.exercise, watching)
  terminal.send(KEYS.ctrlC)
  await terminal.waitFor(/Stopping…/, 5_000, passed)
  expect(await terminal.waitForExit(10_000)).toBe(0)
}, 90_000)

test('saves that replace the file (a temporary file renamed over it) are seen every time', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const terminal = new Terminal(['3', '--dir', space.exercise, '--watch'], testEnv(space.progress))
  cleanups.push(() => terminal.kill())
  const server = join(space.exercise, 'server.ts')
  const saveByRename = (text: string) => {
    writeFileSync(join(space.exercise, '.server.ts.swap'), text)
    renameSync(join(space.exercise, '.server.ts.swap'), server)
  }

  const first = await terminal.waitFor(/✖ \d+ of \d+ checks pass[\s\S]*q back to the menu · Ctrl-C quit/, 30_000)
  saveByRename(`${readFileSync(server, 'utf8')}\n// still the starter\n`)
  const second = await terminal.waitFor(/saved \S*server\.ts[\s\S]*✖ \d+ of \d+ checks pass[\s\S]*q back to the menu/, 30_000, first)
  saveByRename(readFileSync(SOLUTION, 'utf8'))
  await terminal.waitFor(/saved \S*server\.ts[\s\S]*✔ All \d+ checks pass/, 30_000, second)
  terminal.send(KEYS.ctrlC)
  expect(await terminal.waitForExit(10_000)).toBe(0)
}, 90_000)
