/**
 * `npm run verify [-- --lesson N] [--seed N] [--jobs N] [--text-only] [--root DIR]`: prove the
 * lessons. First their texts (front matter, hints, quiz balance, the starters' TODO marks, the
 * code blocks), then their programs (solution passes, starter fails, mistakes diagnosed).
 */
import { resolve } from 'node:path'
import { newSeed } from '../dsl/random.ts'
import { UsageError } from '../errors.ts'
import { ROOT } from '../root.ts'
import { terminalReporter } from '../verify/report.ts'
import { verifyWorkbook } from '../verify/verify-workbook.ts'
import { readArguments } from './arguments.ts'
import { runCommand } from './run-command.ts'

const USAGE = 'Usage: npm run verify [-- --lesson N] [--seed N] [--jobs N] [--text-only] [--root DIR]'

runCommand(async () => {
  const args = readArguments({
    usage: USAGE,
    options: { seed: { type: 'string' }, lesson: { type: 'string', multiple: true }, jobs: { type: 'string' }, 'text-only': { type: 'boolean' }, root: { type: 'string' } },
  })
  const { values } = args
  const jobs = args.wholeNumber('jobs', 1)
  const seed = args.wholeNumber('seed') ?? newSeed()
  const textOnly = values['text-only'] ?? false
  // Another copy of the workbook: its texts only, since its checks are not this build's.
  const root = values.root === undefined ? ROOT : resolve(values.root)
  if (root !== ROOT && !textOnly) throw new UsageError('--root checks the texts of another copy of the workbook: use it with --text-only.')

  const request = { root, lessons: values.lesson ?? [], seed, textOnly, ...(jobs ? { jobs } : {}) }
  const outcome = await verifyWorkbook(request, terminalReporter((text) => void process.stdout.write(text)))
  return outcome.passed ? 0 : 1
})
