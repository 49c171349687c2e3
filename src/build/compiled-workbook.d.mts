/** The workbook's folder (the one holding package.json). */
export const WORKBOOK_ROOT: string
/** The folder of the compiled copy of the current sources, built first if there is none yet. */
export function compiledWorkbook(): Promise<{ dir: string }>
/** The same, for a caller that cannot wait: built by a child process, while this one waits, if there is none yet. */
export function compiledWorkbookNow(): { dir: string }
