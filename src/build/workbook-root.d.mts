/** The workbook's folder (the one holding package.json). */
export const WORKBOOK_ROOT: string
