/** One thing wrong with a lesson's text, its starter or its front matter, for `verify` to report. */
export type TextProblem = {
  /** Relative to the workbook: `lessons/07-request-body.md`, `exercises/07-request-body/server.ts`. */
  file: string
  /** 1-based line in that file, where one is known. */
  line?: number
  /** The front matter field, as it is written: `quiz[2].answer`. */
  field?: string
  /** A whole sentence that names the field itself. */
  message: string
}
