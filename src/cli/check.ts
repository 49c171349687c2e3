/** `npm run check 3 [--file PATH] [--json] [--seed N] [--solution]`: grade one lesson. */
import { parseArgs } from 'node:util'
import { dirname } from 'node:path'
import { entryFilesIn } from '../curriculum/entry-file.ts'
import { findLesson, lessonFiles, lessonFolderAt, loadLessonHeading } from '../curriculum/lessons.ts'
import { learnerProcessOptions, programEnv } from '../runner/process-options.ts'
import { precompile } from '../runner/precompile.ts'
import { WarmStarts } from '../runner/warm-starts.ts'
import { runCommand } from './run-command.ts'
import { resolveTarget } from './resolve-target.ts'
import { UsageError } from './usage-error.ts'

const USAGE = 'Usage: npm run check <lesson> [-- --file PATH] [--json] [--seed N] [--solution]'

runCommand(async () => {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { file: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' }, solution: { type: 'boolean' } },
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`)
  }
  const { positionals, values } = parsed
  // Only the title and entry of the lesson being checked are read: parsing every lesson's
  // front matter cost more than checking a program.
  const lessons = lessonFiles()
  // `npm run check` typed inside exercises/03-…/ checks lesson 3 (npm sets INIT_CWD to where it was typed).
  const here = positionals.length === 0 ? lessonFolderAt(lessons, process.env.INIT_CWD) : null
  if (here) positionals.push(String(here.number))
  if (positionals.length !== 1) throw new UsageError(USAGE)
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${values.seed}".`)

  const lesson = loadLessonHeading(findLesson(lessons, positionals[0]!))
  const file = resolveTarget(lesson, { file: values.file, solution: values.solution })
  // The program's Node, tsx and probe start now, while this process loads the runner and the
  // lesson's checks: the two start-ups overlap. (A lesson that sets its own environment variables
  // does not fit this standby and starts its program afresh.)
  // The learner's TypeScript is compiled here (or found compiled from an earlier check), so the
  // program starts without tsx; a program that needs more than that runs through tsx as before.
  const compiled = await precompile(file)
  const run = compiled ? { env: { ...process.env, ...compiled }, loader: 'precompiled' as const } : {}
  const warm = new WarmStarts({ keepStandby: false })
  warm.prepare(learnerProcessOptions(file, programEnv(run.env ?? process.env), run))
  const [{ checkLesson }, { formatLessonResult }, { toContractJson }] = await Promise.all([
    import('../runner/check-lesson.ts'),
    import('../report/terminal.ts'),
    import('../report/json.ts'),
  ])
  const result = await checkLesson(lesson, file, { ...(seed === undefined ? {} : { seed }), ...run, warm }).finally(() => warm.close())

  if (values.json) process.stdout.write(`${JSON.stringify(toContractJson(result), null, 2)}\n`)
  else {
    const next = lessons.find((other) => other.number > lesson.number)
    const notGraded = entryFilesIn(dirname(file), lesson.entry).filter((other) => other !== file)
    process.stdout.write(`${formatLessonResult(result, { notGraded, ...(next ? { nextCommand: `npm run lesson ${next.number}` } : {}) })}\n`)
  }
  return result.passed ? 0 : 1
})
