/**
 * `npm run bench [-- --quick]`: how fast feedback is, as ratios against a floor measured in the
 * same run (this machine is small and noisy: compare ratios, not raw milliseconds).
 */
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { ROOT } from '../src/runner/paths.ts'
import { floorFiles, serveOnce } from './floor.ts'
import { measure, ms, ratio, timingOf, type Timing } from './measure.ts'
import { runToEnd } from './processes.ts'
import { syntheticClass } from './class.ts'
import { saveToVerdict } from './watch.ts'
import { workbookCommand } from '../test/workbook-command.ts'

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, runs: { type: 'string' } } })
const runs = Number(values.runs ?? (values.quick ? 3 : 7))
const heavyRuns = values.quick ? 1 : 3
const lessons = loadLessons()
const rows: { timing: Timing; against: 'js' | 'ts' | null; note?: string }[] = []
const say = (line: string) => process.stdout.write(`${line}\n`)

say(`Benchmark on ${cpus()[0]?.model ?? 'unknown CPU'} × ${availableParallelism()}, Node ${process.version}; medians of ${runs} runs`)

const files = floorFiles()
const floorJs = await measure('floor: node + listen + 1 request (JavaScript)', runs, () => serveOnce(files.js, null))
const floorTs = await measure("floor: node + tsx's CommonJS half + listen + 1 request (TypeScript)", runs, () => serveOnce(files.ts, 'commonjs'))
const floorTsWhole = await measure('for comparison: the same through the whole of tsx', runs, () => serveOnce(files.ts, 'esm'))
rows.push({ timing: floorJs, against: null }, { timing: floorTs, against: null }, { timing: floorTsWhole, against: 'ts' })

const node = (command: Parameters<typeof workbookCommand>[0], ...args: string[]) => () => {
  const [program, ...flags] = workbookCommand(command)
  return runToEnd(program, [...flags, ...args], { cwd: ROOT })
}
const npm = (...args: string[]) => () => runToEnd('npm', ['run', '--silent', ...args], { cwd: ROOT })

for (const wanted of ['3', '5']) {
  let lesson
  try {
    lesson = findLesson(lessons, wanted)
  } catch {
    continue
  }
  const entry = findEntryFile(lesson.solutionDir, lesson.entry)!
  rows.push({ timing: await measure(`runner alone: lesson ${lesson.number} solution (in process)`, runs, () => checkLesson(lesson, entry)), against: 'ts' })
  rows.push({ timing: await measure(`node src/cli/start.mjs check ${lesson.number} --solution`, runs, node('check', String(lesson.number), '--solution')), against: 'ts' })
  rows.push({ timing: await measure(`npm run check ${lesson.number} --solution`, runs, npm('check', '--', String(lesson.number), '--solution')), against: 'ts' })
}

const perLesson: string[] = []
for (const lesson of lessons) {
  const entry = findEntryFile(lesson.solutionDir, lesson.entry)
  if (!entry) continue
  const timing = await measure(`lesson ${lesson.number}`, Math.min(runs, 3), () => checkLesson(lesson, entry))
  perLesson.push(`${lesson.id}: ${ms(timing.medianMs)} (${ratio(timing.medianMs, floorTs.medianMs)})`)
}

rows.push({ timing: await measure('npm run verify (whole curriculum)', heavyRuns, npm('verify')), against: 'ts' })

rows.push({ timing: timingOf('watch: save → verdict on screen (lesson 3, alternating pass/fail)', await saveToVerdict(runs * 2)), against: 'ts' })

const learners = values.quick ? 6 : 30
const classDir = syntheticClass(learners)
const classLines: string[] = []
for (const jobs of values.quick ? [2, 8] : [2, 4, 8]) {
  const out = `${classDir}-out-${jobs}`
  const timing = await measure(`grade: ${learners} learners × ${lessons.length} lessons, --jobs ${jobs}`, 1, () =>
    node('grade', classDir, '--jobs', String(jobs), '--out', out, '--seed', '1')(),
  )
  rows.push({ timing, against: null })
  classLines.push(`--jobs ${jobs}: ${(timing.medianMs / 1000).toFixed(1)} s, ${(learners / (timing.medianMs / 1000)).toFixed(2)} learners/s`)
}

say('')
say('| what | median | min | max | vs floor |')
say('|---|---|---|---|---|')
for (const { timing, against } of rows) {
  const floor = against === 'js' ? floorJs : against === 'ts' ? floorTs : null
  say(`| ${timing.label} | ${ms(timing.medianMs)} | ${ms(timing.minMs)} | ${ms(timing.maxMs)} | ${floor ? ratio(timing.medianMs, floor.medianMs) : '—'} |`)
}
say('')
say('Runner alone, every lesson\'s solution (vs the TypeScript floor):')
for (const line of perLesson) say(`- ${line}`)
say('')
say(`Grading a synthetic class (${learners} learners, three lessons in four from the solution, the rest from the starter):`)
for (const line of classLines) say(`- ${line}`)
