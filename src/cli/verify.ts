/**
 * `npm run verify [-- --lesson N] [--seed N] [--jobs N] [--text-only] [--root DIR]`: prove the
 * lessons. First their texts (front matter, hints, quiz balance, the starters' TODO marks, the
 * code blocks), then their programs (solution passes, starter fails, mistakes diagnosed).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { newSeed } from '../dsl/random.ts'
import { UsageError } from '../errors.ts'
import { ROOT } from '../root.ts'
import { terminalReporter } from '../verify/report.ts'
import { verifyWorkbook } from '../verify/verify-workbook.ts'
import { runCommand } from './run-command.ts'

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

  const request = { root, lessons: values.lesson ?? [], seed, textOnly, ...(values.jobs ? { jobs: Number(values.jobs) } : {}) }
  const outcome = await verifyWorkbook(request, terminalReporter((text) => void process.stdout.write(text)))
  return outcome.passed ? 0 : 1
})
