/**
 * `npm run verify [-- --lesson N] [--seed N] [--jobs N] [--text-only] [--root DIR]`: prove the
 * lessons. First their texts (front matter, hints, quiz balance, the starters' TODO marks, the
 * code blocks), then their programs (solution passes, starter fails, mistakes diagnosed).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findLesson, lessonFiles, loadLesson } from '../curriculum/lessons.ts'
import { newSeed } from '../dsl/random.ts'
import { ROOT } from '../root.ts'
import { checkLessonTexts } from '../verify/lesson-text.ts'
import { formatSummary, formatTextProblems, formatVerdicts, verdictProblems } from '../verify/report.ts'
import { verifyCurriculum } from '../verify/verify-curriculum.ts'
import { runCommand } from './run-command.ts'
import { UsageError } from '../errors.ts'

const USAGE = 'Usage: npm run verify [-- --lesson N] [--seed N] [--jobs N] [--text-only] [--root DIR]'

runCommand(async () => {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        seed: { type: 'string' },
        lesson: { type: 'string', multiple: true },
        jobs: { type: 'string' },
        'text-only': { type: 'boolean', default: false },
        root: { type: 'string' },
      },
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`)
  }
  const { values } = parsed
  if (values.jobs !== undefined && !(Number.isInteger(Number(values.jobs)) && Number(values.jobs) > 0)) {
    throw new UsageError(`--jobs takes a whole number of 1 or more, not "${values.jobs}".`)
  }
  const seed = values.seed === undefined ? newSeed() : Number(values.seed)
  if (!Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${values.seed}".`)
  const textOnly = values['text-only']
  // Another copy of the workbook: its texts only, since its checks are not this build's.
  const root = values.root === undefined ? ROOT : resolve(values.root)
  if (root !== ROOT && !textOnly) throw new UsageError('--root checks the texts of another copy of the workbook: use it with --text-only.')
  const started = performance.now()

  const files = lessonFiles(root)
  const chosen = values.lesson?.length ? values.lesson.map((wanted) => findLesson(files, wanted)) : files
  const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`)
  const textProblems = await checkLessonTexts(chosen, { root, ...(values.lesson?.length ? {} : { curriculum: files }) })
  print([...formatTextProblems(textProblems, chosen.length), ''])
  let problems = textProblems.length

  if (!textOnly) {
    // A lesson whose front matter is not YAML has been reported above; its programs cannot run.
    const lessons = chosen.flatMap((lesson) => {
      try {
        return [loadLesson(lesson)]
      } catch {
        return []
      }
    })
    const verdicts = await verifyCurriculum(lessons, { seed, ...(values.jobs ? { jobs: Number(values.jobs) } : {}) })
    problems += verdictProblems(verdicts)
    print([...formatVerdicts(verdicts, seed), ''])
  }
  print([formatSummary(problems, (performance.now() - started) / 1000, textOnly ? null : seed)])
  return problems ? 1 : 0
})
