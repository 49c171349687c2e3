/** `npm run verify [-- --seed N] [--lesson N]`: prove every lesson's solution, starter and mistake fixtures. */
import { parseArgs } from 'node:util'
import { findLesson, loadLessons } from '../curriculum/lessons.ts'
import { newSeed } from '../dsl/random.ts'
import { ui } from '../report/ui.ts'
import { verifyCurriculum, type Verdict } from '../verify/verify-curriculum.ts'
import { runCommand } from './run-command.ts'
import { UsageError } from './usage-error.ts'

runCommand(async () => {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, lesson: { type: 'string', multiple: true }, jobs: { type: 'string' } } })
  const seed = values.seed === undefined ? newSeed() : Number(values.seed)
  if (!Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${values.seed}".`)
  const all = loadLessons()
  const lessons = values.lesson?.length ? values.lesson.map((wanted) => findLesson(all, wanted)) : all
  const started = performance.now()
  const verdicts = await verifyCurriculum(lessons, { seed, ...(values.jobs ? { jobs: Number(values.jobs) } : {}) })

  const mark = (verdict: Verdict) => (verdict.ok ? ui.tick : ui.cross)
  let problems = 0
  const lines = [ui.bold(`Verifying ${lessons.length} lesson(s), seed ${seed}`), '']
  for (const { lesson, solution, starter, mistakes, neverFailed, checkCount } of verdicts) {
    const all = [solution, starter, ...mistakes]
    problems += all.filter((verdict) => !verdict.ok).length + (neverFailed.length ? 1 : 0)
    const allOk = all.every((v) => v.ok) && !neverFailed.length
    const proven = `checks shown to fail ${checkCount - neverFailed.length}/${checkCount}`
    lines.push(`${allOk ? ui.tick : ui.cross} ${ui.bold(lesson.id.padEnd(24))} solution ${mark(solution)}  starter ${mark(starter)}  mistakes ${mistakes.filter((m) => m.ok).length}/${mistakes.length}  ${ui.dim(proven)}`)
    for (const [label, verdict] of [['solution', solution], ['starter', starter], ...mistakes.map((m) => [`mistake ${m.name}`, m] as const)] as const) {
      if (!verdict.ok) lines.push(`    ${ui.fail(`${label}: ${verdict.summary}`)}`)
    }
    if (neverFailed.length) {
      lines.push(`    ${ui.fail(`no starter or fixture fails ${neverFailed.join(', ')}: add a fixture (wrong-answer.<name>/ lists the checks it fails) that proves ${neverFailed.length === 1 ? 'it' : 'they'} can fail`)}`)
    }
  }
  const slowest = verdicts
    .flatMap(({ lesson, solution, starter, mistakes }) => [
      { label: `${lesson.id} solution`, ms: solution.durationMs },
      { label: `${lesson.id} starter`, ms: starter.durationMs },
      ...mistakes.map((m) => ({ label: `${lesson.id} ${m.name}`, ms: m.durationMs })),
    ])
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
  lines.push('', ui.dim(`slowest: ${slowest.map((run) => `${run.label} ${(run.ms / 1000).toFixed(1)} s`).join(', ')}`))
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  lines.push('', problems ? ui.fail(`✖ ${problems} problem(s) (seed ${seed}, ${seconds} s)`) : ui.pass(`✔ curriculum verified (${seconds} s)`))
  process.stdout.write(`${lines.join('\n')}\n`)
  return problems ? 1 : 0
})
