/**
 * `npm run grade -- DIR [--lessons 3-9] [--jobs N] [--out DIR] [--learner NAME] [--json] [--seed N]`:
 * grade a whole class, every learner's program sandboxed, in parallel; write grades.csv,
 * results.json, junit.xml and report.html (and, with --classroom, GitHub Classroom's result).
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadLessons } from '../curriculum/lessons.ts'
import { newSeed } from '../dsl/random.ts'
import { ui } from '../report/ui.ts'
import { toClassroom } from '../grade/classroom.ts'
import { findLearners } from '../grade/find-learners.ts'
import { mergeResults, readPrevious } from '../grade/merge-previous.ts'
import { gradeClass } from '../grade/grade-class.ts'
import { defaultGradeJobs } from '../grade/default-jobs.ts'
import { preflight } from '../grade/preflight.ts'
import { selectLessons } from '../grade/lesson-range.ts'
import { createProgress } from '../grade/progress.ts'
import { toResultsJson } from '../grade/results-json.ts'
import { DEFAULT_LIMITS, isolationLine, protectionsInForce } from '../grade/sandbox.ts'
import { ISOLATIONS, resolveIsolation, type Isolation } from '../grade/os-sandbox.ts'
import { summarize } from '../grade/summary.ts'
import { writeReports } from '../grade/write-reports.ts'
import { readArguments } from './arguments.ts'
import { runCommand } from './run-command.ts'

const USAGE = 'Usage: npm run grade -- <class folder> [--lessons 3-9] [--jobs N] [--out DIR] [--learner NAME] [--json] [--seed N] [--timeout SECONDS] [--classroom FILE] [--isolation auto|required|none]'

// Interrupted (Ctrl-C, a CI cancel): exit through 'exit', where every learner's process group
// is killed and every sandbox removed, instead of leaving them behind.
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const
for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
  process.once(signal, () => {
    process.stderr.write(`\n✖ Interrupted (${signal}): no report was written; run the same command again.\n`)
    process.exit(SIGNAL_EXIT[signal])
  })
}

runCommand(async () => {
  const args = readArguments({
    usage: USAGE,
    options: {
      lessons: { type: 'string' }, jobs: { type: 'string' }, out: { type: 'string' }, learner: { type: 'string' },
      json: { type: 'boolean' }, seed: { type: 'string' }, timeout: { type: 'string' }, classroom: { type: 'string' }, isolation: { type: 'string' },
    },
    positionals: 1,
  })
  const { positionals, values } = args
  // npm prints its banner on stdout before the command starts: nothing here can take it back.
  if (values.json && process.env.npm_lifecycle_event && process.env.npm_config_loglevel !== 'silent') {
    process.stderr.write('Note: npm printed its own lines on stdout before the JSON; run `npm run -s grade -- … --json` for JSON alone.\n')
  }
  if (positionals.length !== 1) throw args.misuse()
  const seed = args.wholeNumber('seed') ?? newSeed()
  const timeout = args.wholeNumber('timeout', 1)
  const limits = { ...DEFAULT_LIMITS, ...(timeout ? { lessonTimeoutMs: timeout * 1000 } : {}) }
  const jobs = args.wholeNumber('jobs', 1) ?? defaultGradeJobs(limits.memoryMb)
  const requested: Isolation = args.oneOf('isolation', ISOLATIONS) ?? 'auto'
  const inForce = resolveIsolation(requested)
  if ('refused' in inForce) {
    process.stderr.write(`✖ ${inForce.refused}
Nobody was graded.
`)
    return 1
  }
  process.stderr.write(`${isolationLine(inForce)}
`)

  const learners = findLearners(resolve(positionals[0]!), values.learner)
  const outDir = resolve(values.out ?? 'grading-results')
  // Regrading one learner: on the lessons of the previous run unless --lessons says otherwise,
  // so the class's reports keep one set of lessons (and one maximum).
  const previous = values.learner === undefined ? [] : readPrevious(outDir)
  const all = loadLessons()
  const previousLessons = [...new Set(previous.map(({ result }) => result.lesson))].filter((n) => all.some((l) => l.number === n)).sort((a, b) => a - b)
  const lessons = selectLessons(all, values.lessons ?? (previousLessons.length ? previousLessons.join(',') : undefined))
  if (values.learner !== undefined && values.lessons === undefined) {
    process.stderr.write(
      previousLessons.length
        ? `Regrading ${JSON.stringify(values.learner)} on lesson(s) ${lessons.map((l) => l.number).join(', ')}: those of the previous run in ${outDir} (--lessons to choose).\n`
        : `No previous run in ${outDir}: grading ${JSON.stringify(values.learner)} on every lesson (--lessons to choose).\n`,
    )
  }
  // A grader that cannot run a program known to work grades nobody (exit 1), rather than zero for all.
  await preflight(lessons[0]!, limits, inForce)
  const started = performance.now()
  // With --json, stdout carries only the results; progress goes to stderr.
  const progress = createProgress(process.stderr)
  const fresh = await gradeClass({ learners, lessons, seed, jobs, limits, inForce, onGraded: (g, done, total) => progress.update(g, done, total) })
  progress.end()
  const durationMs = Math.round(performance.now() - started)

  // Regrading one learner keeps everyone else's results from the previous run in --out.
  const graded = values.learner === undefined ? fresh : mergeResults(previous, fresh)
  const allLessons = all.filter((lesson) => graded.some(({ result }) => result.lesson === lesson.number))
  const summary = summarize(graded, allLessons)
  const files = writeReports(outDir, graded, summary, {
    generatedAt: new Date().toISOString(), seed, durationMs, protections: protectionsInForce(limits, inForce), node: process.version,
  })
  if (values.classroom) writeFileSync(resolve(values.classroom), `${JSON.stringify(toClassroom(fresh))}\n`)
  if (values.json) process.stdout.write(`${JSON.stringify(toResultsJson(fresh), null, 2)}\n`)
  const perSecond = (learners.length / (durationMs / 1000)).toFixed(2)
  const lines = [
    ui.bold(`Graded ${learners.length} learner(s) × ${lessons.length} lesson(s) in ${(durationMs / 1000).toFixed(1)} s (${perSecond} learners/s, ${jobs} jobs, seed ${seed})`),
    ...summary.rows.filter((row) => fresh.some((g) => g.learner === row.learner)).map((row) => `  ${row.score === row.maxScore ? ui.tick : ui.cross} ${JSON.stringify(row.learner)} ${row.score}/${row.maxScore}`),
    isolationLine(inForce),
    `Wrote ${files.csv}, ${files.json}, ${files.junit}, ${files.html}`,
  ]
  ;(values.json ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`)
  return 0
})
