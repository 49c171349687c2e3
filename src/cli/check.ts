/** `npm run check 3 [--file PATH] [--json] [--seed N] [--solution] [--trace] [--verbose]`: grade one lesson. */
import { parseArgs } from 'node:util'
import { dirname } from 'node:path'
import { entryFilesIn } from '../curriculum/entry-file.ts'
import { loadLessons, findLesson, lessonFolderAt } from '../curriculum/lessons.ts'
import { checkLesson } from '../runner/check-lesson.ts'
import { formatLessonResult } from '../report/terminal.ts'
import { toContractJson } from '../report/json.ts'
import { runCommand } from './run-command.ts'
import { resolveTarget } from './resolve-target.ts'
import { UsageError } from './usage-error.ts'

const USAGE = 'Usage: npm run check <lesson> [-- --file PATH] [--json] [--seed N] [--solution] [--trace] [--verbose]'

runCommand(async () => {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { file: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' }, solution: { type: 'boolean' }, trace: { type: 'boolean' }, verbose: { type: 'boolean' } },
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`)
  }
  const { positionals, values } = parsed
  const lessons = loadLessons()
  // `npm run check` typed inside exercises/03-…/ checks lesson 3 (npm sets INIT_CWD to where it was typed).
  const here = positionals.length === 0 ? lessonFolderAt(lessons, process.env.INIT_CWD) : null
  if (here) positionals.push(String(here.number))
  if (positionals.length !== 1) throw new UsageError(USAGE)
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${values.seed}".`)

  const lesson = findLesson(lessons, positionals[0]!)
  const file = resolveTarget(lesson, { file: values.file, solution: values.solution })
  // --trace: every check's timeline; --verbose: the failures'. Either way the probe records it.
  const trace = Boolean(values.trace || values.verbose)
  const result = await checkLesson(lesson, file, { ...(seed === undefined ? {} : { seed }), ...(trace ? { trace } : {}) })

  if (values.json) process.stdout.write(`${JSON.stringify(toContractJson(result), null, 2)}\n`)
  else {
    const next = lessons.find((other) => other.number > lesson.number)
    const notGraded = entryFilesIn(dirname(file), lesson.entry).filter((other) => other !== file)
    const timelines = values.trace ? 'all' : values.verbose ? 'failures' : 'none'
    process.stdout.write(`${formatLessonResult(result, { notGraded, timelines, ...(next ? { nextCommand: `npm run lesson ${next.number}` } : {}) })}\n`)
  }
  return result.passed ? 0 : 1
})
