/**
 * `npm run check 4` beside learnyounode's `verify` of its HTTP JSON API server exercise, in turns,
 * with the floors that bound ours: `npm run` of a script that does nothing, `node -e 0`, the
 * command without npm, and the runner alone in this process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from '../support/workbook-command.ts'
import { LEARNYOUNODE_VERSION, prepareLearnyounode } from './learnyounode.ts'
import { measureInTurns, ms, type Timing } from './measure.ts'
import { runToEnd } from './processes.ts'

/** The target: `npm run check N` within this share of learnyounode's `verify`. */
export const TARGET_RATIO = 0.35

export type Versus = { lines: string[]; ratio: number | null }

export async function versusLearnyounode(runs: number): Promise<Versus> {
  const lines = [`Side by side with learnyounode ${LEARNYOUNODE_VERSION} (${runs} rounds, the commands in turns, medians):`, '']
  const learnyounode = await prepareLearnyounode()
  if (!learnyounode.ready) lines.push(`⚠ ${learnyounode.why}`, '')

  const lesson = findLesson(loadLessons(), '4')
  const entry = findEntryFile(lesson.solutionDir, lesson.entry)!
  const [node, ...flags] = workbookCommand('check')
  const nothing = mkdtempSync(join(tmpdir(), 'workbook-bench-npm-'))
  writeFileSync(join(nothing, 'package.json'), JSON.stringify({ name: 'nothing', private: true, scripts: { nothing: 'true' } }))
  const quiet = { cwd: ROOT, timeoutMs: 60_000 }

  let passes = 0
  const works = [
    ...(learnyounode.ready
      ? [{ label: 'learnyounode verify (HTTP JSON API SERVER, our solution)', work: async () => (passes += (await learnyounode.verify()) ? 1 : 0) }]
      : []),
    { label: 'npm run check 4 --solution', work: () => expectCode(0, runToEnd('npm', ['run', '-s', 'check', '--', '4', '--solution'], quiet)) },
    { label: 'node src/cli/start.mjs check 4 --solution (no npm)', work: () => expectCode(0, runToEnd(node, [...flags, '4', '--solution'], quiet)) },
    { label: 'runner alone: lesson 4 solution (in this process)', work: () => checkLesson(lesson, entry) },
    { label: 'npm run -s of a script that does nothing (`true`)', work: () => runToEnd('npm', ['run', '-s', 'nothing'], { ...quiet, cwd: nothing }) },
    { label: 'node -e 0', work: () => runToEnd(process.execPath, ['-e', '0'], quiet) },
  ]
  const timings = await measureInTurns(runs, works)
  lines.push('| what | median | min | max |', '|---|---|---|---|')
  for (const timing of timings) lines.push(`| ${timing.label} | ${ms(timing.medianMs)} | ${ms(timing.minMs)} | ${ms(timing.maxMs)} |`)
  lines.push('')
  if (!learnyounode.ready) return { lines, ratio: null }

  const [theirs, ours] = timings as [Timing, Timing]
  const ratio = ours.medianMs / theirs.medianMs
  lines.push(`npm run check 4 / learnyounode verify: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'not met'})`)
  if (passes < runs) {
    lines.push(`⚠ learnyounode's verify failed ${runs - passes} of ${runs} times: it waits a fixed 500 ms for the servers to start, too short when the machine is busy`)
  }
  return { lines, ratio }
}

async function expectCode(wanted: number, run: Promise<number>): Promise<void> {
  const code = await run
  if (code !== wanted) throw new Error(`exited with ${code}, expected ${wanted}`)
}
