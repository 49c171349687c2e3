/** `npm run lesson [N] [-- --dir DIR] [--watch] [--poll] [--web] [--reset-progress] [--seed N]`, parsed and validated. */
import { parseArgs } from 'node:util'
import { UsageError } from '../cli/usage-error.ts'

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
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        watch: { type: 'boolean' },
        poll: { type: 'boolean' },
        web: { type: 'boolean' },
        'reset-progress': { type: 'boolean' },
        seed: { type: 'string' },
      },
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`)
  }
  const { positionals, values } = parsed
  if (positionals.length > 1) throw new UsageError(USAGE)
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed takes a whole number, not "${values.seed}".`)
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
