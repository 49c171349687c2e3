/**
 * Watch mode, measured as a learner feels it: the real `lesson --watch` in a pseudo-terminal,
 * the time from saving the exercise file to the verdict on the screen.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../src/root.ts'
import { scratch, Terminal, testEnv } from '../support/learn-terminal.ts'

const VERDICT = /checks pass/

export async function saveToVerdict(runs: number): Promise<number[]> {
  const space = scratch()
  const file = join(space.exercise, 'server.ts')
  const versions = [readFileSync(join(ROOT, 'solutions', '03-request-response', 'server.ts'), 'utf8'), readFileSync(file, 'utf8')]
  const terminal = new Terminal(['3', '--dir', space.exercise, '--watch'], testEnv(space.progress))
  const samples: number[] = []
  try {
    let seen = await terminal.waitFor(VERDICT, 30_000)
    for (let i = 0; i < runs; i++) {
      const saved = performance.now()
      writeFileSync(file, versions[i % 2]!)
      seen = await terminal.waitFor(VERDICT, 30_000, seen)
      samples.push(performance.now() - saved)
    }
    return samples
  } finally {
    terminal.kill()
    space.remove()
  }
}
