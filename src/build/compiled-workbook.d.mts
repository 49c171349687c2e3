/** The workbook's folder (the one holding package.json). */
export const WORKBOOK_ROOT: string
/** The folder of the compiled copy of the current sources, built first if there is none yet. */
export function compiledWorkbook(): Promise<{ dir: string }>
