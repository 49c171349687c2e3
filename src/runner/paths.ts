/**
 * The engine's own files a learner's process needs, wherever the workbook runs from: the sources
 * (tests, the bench) or their compiled copy (the commands). Importing this module builds nothing:
 * the compiled probe is built, if it must be, as the first learner process starts.
 */
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { compiledWorkbook, compiledWorkbookNow } from '../build/compiled-workbook.mjs'
import { ROOT } from '../root.ts'

/** Commands run from the compiled copy (src/build); tests and the bench run the TypeScript itself. */
const RUNNING_COMPILED = import.meta.url.endsWith('.mjs')
const CODE_ROOT = RUNNING_COMPILED ? join(dirname(fileURLToPath(import.meta.url)), '..', '..') : ROOT

/** One of the workbook's TypeScript modules (`checks/03-….ts`), as the file this process can import. */
export function ownModule(typescriptFile: string): string {
  const inside = relative(ROOT, typescriptFile)
  if (!RUNNING_COMPILED || inside.startsWith('..')) return typescriptFile
  return join(CODE_ROOT, inside).replace(/\.ts$/, '.mjs')
}

/** The probe and the warm-start standby, always compiled: a learner's process preloads them with `--require`. */
/** The probe, the warm-start standby, and the preload that gives a program's .ts files the JavaScript the runner compiled for them (precompile.ts). */
export type ProbeFiles = { probe: string; standby: string; compiledTs: string }

const probeFilesIn = (build: string): ProbeFiles => ({ probe: join(build, 'probe.cjs'), standby: join(build, 'standby.cjs'), compiledTs: join(build, 'compiled-typescript.cjs') })
// A command runs from a build that holds them already; the sources need one built (once per change).
let probeFiles: ProbeFiles | null = RUNNING_COMPILED ? probeFilesIn(CODE_ROOT) : null

/** Builds the compiled probe if this process runs the sources and none is built yet; starting a learner process awaits it first. */
export async function prepareProbe(): Promise<ProbeFiles> {
  probeFiles ??= probeFilesIn((await compiledWorkbook()).dir)
  return probeFiles
}

/** The compiled probe, for the one place that starts a process synchronously: built there and then if `prepareProbe()` was not awaited. */
export function preparedProbe(): ProbeFiles {
  probeFiles ??= probeFilesIn(compiledWorkbookNow().dir)
  return probeFiles
}

export const MODULE_HARNESS = ownModule(join(ROOT, 'src', 'probe', 'module-harness.ts'))

const require = createRequire(import.meta.url)
/** tsx, whole: TypeScript as ES modules (with `import()`), `./x.js` → `./x.ts`. */
export const TS_LOADER = require.resolve('tsx')
/** tsx's CommonJS half: a sixth of the start-up cost, for programs that never need the ESM loader. */
export const TS_CJS_LOADER = require.resolve('tsx/cjs')
