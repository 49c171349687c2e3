// The workbook's folder (the one holding package.json). Plain JavaScript on purpose: the compiled
// copy of the sources imports this very file, not a copy of it, so the answer is the same from the
// sources and from their compiled copy (see compiled-workbook.mjs).
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The workbook's folder (the one holding package.json), wherever this file is imported from. */
export const WORKBOOK_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
