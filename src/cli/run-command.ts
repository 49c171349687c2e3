/**
 * The one top-level catch: an error the engine threw on purpose prints `✖ message` and exits with
 * its code's exit code (a usage mistake: 2); anything else prints `✖ message` and exits 1. No
 * stack trace unless WORKBOOK_DEBUG is set.
 */
import { WorkbookError, type WorkbookErrorCode } from '../errors.ts'
import { ui } from '../report/ui.ts'

/** Every code the engine throws, and what it means for the process (2: the command was misused). */
export const EXIT_CODES: Record<WorkbookErrorCode, number> = { USAGE: 2, UNKNOWN_LESSON: 2 }

export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      process.stderr.write(`${ui.fail('✖')} ${message}\n`)
      if (process.env.WORKBOOK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
      process.exitCode = error instanceof WorkbookError ? EXIT_CODES[error.code] : 1
    },
  )
}
