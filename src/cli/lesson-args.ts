/** `npm run lesson [N] [-- --dir DIR] [--watch] [--poll] [--web] [--reset-progress] [--seed N]`, parsed and validated. */
import { UsageError } from '../errors.ts'
import { readArguments } from './arguments.ts'

export const USAGE = 'Usage: npm run lesson [N] [-- --dir DIR] [--watch] [--poll] [--web] [--reset-progress] [--seed N]'

export type LessonArgs = {
  /** `3`, `03` or a slug; undefined: resume at the first unfinished lesson. */
  lesson: string | undefined
  /** Work on this folder instead of `exercises/NN-slug/`. */
  dir: string | undefined
  /** Go straight to watch mode. */
  watch: boolean
  /** Watch by polling (WSL, network drives, where file events do not arrive). */
  poll: boolean
  /** Serve the lesson as a local web page instead of the terminal menu. */
  web: boolean
  resetProgress: boolean
  seed: number | undefined
}

export function parseLessonArgs(argv: string[]): LessonArgs {
  const args = readArguments({
    usage: USAGE,
    args: argv,
    options: { dir: { type: 'string' }, watch: { type: 'boolean' }, poll: { type: 'boolean' }, web: { type: 'boolean' }, 'reset-progress': { type: 'boolean' }, seed: { type: 'string' } },
    positionals: 1,
  })
  const { positionals, values } = args
  const seed = args.wholeNumber('seed')
  if (values['reset-progress'] && positionals.length === 0) throw new UsageError(`--reset-progress needs a lesson: npm run lesson -- 3 --reset-progress`)
  return {
    lesson: positionals[0],
    dir: values.dir,
    watch: values.watch ?? false,
    poll: values.poll ?? false,
    web: values.web ?? false,
    resetProgress: values['reset-progress'] ?? false,
    seed,
  }
}
