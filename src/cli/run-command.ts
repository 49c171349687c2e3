/**
 * The one top-level catch: a usage mistake prints `✖ message` and exits 2; anything else
 * prints `✖ message` and exits 1. No stack trace unless WORKBOOK_DEBUG is set.
 */
import { UsageError } from './usage-error.ts'
import { UnknownLessonError } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'

export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      const usage = error instanceof UsageError || error instanceof UnknownLessonError
      const message = error instanceof Error ? error.message : String(error)
      process.stderr.write(`${ui.fail('✖')} ${message}\n`)
      if (process.env.WORKBOOK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
      process.exitCode = usage ? 2 : 1
    },
  )
}
