/**
 * The errors the engine throws on purpose, each with a code. Library code throws them and never
 * decides what they mean for a process: only the commands (src/cli) turn a code into an exit code.
 * A leaf: it imports nothing, so every layer may throw them.
 */

/** `USAGE`: a command was called wrongly (an option, a folder, a lesson range); `UNKNOWN_LESSON`: no such lesson. */
export type WorkbookErrorCode = 'USAGE' | 'UNKNOWN_LESSON'

export class WorkbookError extends Error {
  readonly code: WorkbookErrorCode

  constructor(code: WorkbookErrorCode, message: string) {
    super(message)
    this.name = 'WorkbookError'
    this.code = code
  }
}

/** A mistake in how a command was called: its message is one line (and the usage), never a stack trace. */
export class UsageError extends WorkbookError {
  constructor(message: string) {
    super('USAGE', message)
  }
}

/** A lesson asked for by number or name that the curriculum does not have. */
export class UnknownLessonError extends WorkbookError {
  constructor(message: string) {
    super('UNKNOWN_LESSON', message)
  }
}
