/** Where the workbook's own files live, wherever it is run from. */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const PROBE_ENTRY = join(ROOT, 'src', 'probe', 'index.ts')
export const MODULE_HARNESS = join(ROOT, 'src', 'probe', 'module-harness.ts')
export const STANDBY_ENTRY = join(ROOT, 'src', 'probe', 'standby.ts')
/** tsx's loader: TypeScript without a build step, ESM or CommonJS in spirit, `./x.js` → `./x.ts`. */
export const TS_LOADER = createRequire(import.meta.url).resolve('tsx')
