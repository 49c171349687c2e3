/** `npm run check 3 [--file PATH] [--json] [--seed N] [--solution] [--trace] [--verbose]`: grade one lesson. */
import { dirname } from 'node:path'
import { entryFilesIn } from '../curriculum/entry-file.ts'
import { findLesson, lessonFiles, lessonFolderAt, loadLessonHeading } from '../curriculum/lessons.ts'
import { learnerProcessOptions, programEnv } from '../runner/process-options.ts'
import { precompile } from '../runner/precompile.ts'
import { WarmStarts } from '../runner/warm-starts.ts'
import { PROBE_ENV } from '../probe/events.ts'
import { runCommand } from './run-command.ts'
import { resolveTarget } from './resolve-target.ts'
import { readArguments } from './arguments.ts'

const USAGE = 'Usage: npm run check <lesson> [-- --file PATH] [--json] [--seed N] [--solution] [--trace] [--verbose]'

runCommand(async () => {
  const args = readArguments({
    usage: USAGE,
    options: { file: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' }, solution: { type: 'boolean' }, trace: { type: 'boolean' }, verbose: { type: 'boolean' } },
    positionals: 1,
  })
  const { positionals, values } = args
  // Only the title and entry of the lesson being checked are read: parsing every lesson's
  // front matter cost more than checking a program.
  const lessons = lessonFiles()
  // `npm run check` typed inside exercises/03-…/ checks lesson 3 (npm sets INIT_CWD to where it was typed).
  const here = positionals.length === 0 ? lessonFolderAt(lessons, process.env.INIT_CWD) : null
  if (here) positionals.push(String(here.number))
  if (positionals.length !== 1) throw args.misuse()
  const seed = args.wholeNumber('seed')

  const lesson = loadLessonHeading(findLesson(lessons, positionals[0]!))
  const file = resolveTarget(lesson, { file: values.file, solution: values.solution })
  // --trace: every check's timeline; --verbose: the failures'. Either way the probe records it.
  const trace = Boolean(values.trace || values.verbose)
  // The program's Node, tsx and probe start now, while this process loads the runner and the
  // lesson's checks: the two start-ups overlap. (A lesson that sets its own environment variables
  // does not fit this standby and starts its program afresh.)
  // The learner's TypeScript is compiled here (or found compiled from an earlier check), so the
  // program starts without tsx; a program that needs more than that runs through tsx as before.
  const compiled = await precompile(file)
  const run = compiled ? { env: { ...process.env, ...compiled }, loader: 'precompiled' as const } : {}
  const warm = new WarmStarts({ keepStandby: false })
  warm.prepare(learnerProcessOptions(file, programEnv(run.env ?? process.env, trace ? { [PROBE_ENV.trace]: '1' } : undefined), run))
  const [{ checkLesson }, { formatLessonResult }, { toContractJson }] = await Promise.all([
    import('../runner/check-lesson.ts'),
    import('../report/terminal.ts'),
    import('../report/json.ts'),
  ])
  const result = await checkLesson(lesson, file, { ...(seed === undefined ? {} : { seed }), ...run, warm, ...(trace ? { trace } : {}) }).finally(() => warm.close())

  if (values.json) process.stdout.write(`${JSON.stringify(toContractJson(result), null, 2)}\n`)
  else {
    const next = lessons.find((other) => other.number > lesson.number)
    const notGraded = entryFilesIn(dirname(file), lesson.entry).filter((other) => other !== file)
    const timelines = values.trace ? 'all' : values.verbose ? 'failures' : 'none'
    process.stdout.write(`${formatLessonResult(result, { notGraded, timelines, ...(next ? { nextCommand: `npm run lesson ${next.number}` } : {}) })}\n`)
  }
  return result.passed ? 0 : 1
})
