/** Where the workbook's own files live, wherever it is run from: the sources or their compiled copy. */
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { WORKBOOK_ROOT, compiledWorkbook } from '../build/compiled-workbook.mjs'

export const ROOT = WORKBOOK_ROOT

/** Commands run from the compiled copy (src/build); tests and the bench run the TypeScript itself. */
const RUNNING_COMPILED = import.meta.url.endsWith('.mjs')
const CODE_ROOT = RUNNING_COMPILED ? join(dirname(fileURLToPath(import.meta.url)), '..', '..') : ROOT
const BUILD = RUNNING_COMPILED ? CODE_ROOT : (await compiledWorkbook()).dir

/** One of the workbook's TypeScript modules (`checks/03-….ts`), as the file this process can import. */
export function ownModule(typescriptFile: string): string {
  const inside = relative(ROOT, typescriptFile)
  if (!RUNNING_COMPILED || inside.startsWith('..')) return typescriptFile
  return join(CODE_ROOT, inside).replace(/\.ts$/, '.mjs')
}

/** The probe and the warm-start standby, always compiled: a learner's process preloads them with `--require`. */
export const PROBE_ENTRY = join(BUILD, 'probe.cjs')
export const STANDBY_ENTRY = join(BUILD, 'standby.cjs')
/** Gives a program's .ts files the JavaScript the runner compiled for them (src/runner/precompile.ts). */
export const COMPILED_TS_ENTRY = join(BUILD, 'compiled-typescript.cjs')
export const MODULE_HARNESS = ownModule(join(ROOT, 'src', 'probe', 'module-harness.ts'))

const require = createRequire(import.meta.url)
/** tsx, whole: TypeScript as ES modules (with `import()`), `./x.js` → `./x.ts`. */
export const TS_LOADER = require.resolve('tsx')
/** tsx's CommonJS half: a sixth of the start-up cost, for programs that never need the ESM loader. */
export const TS_CJS_LOADER = require.resolve('tsx/cjs')
