/**
 * Runs a learner's TypeScript that the runner compiled before the program started (see
 * src/runner/precompile.ts): preloaded with `--require` instead of tsx, it gives each `.ts` file
 * its compiled JavaScript under the file's own name, so `__dirname`, `require.main` and stack
 * traces (through `--enable-source-maps` and the inline source map) name the learner's file.
 */
import { readFileSync } from 'node:fs'
import Module from 'node:module'
import { COMPILED_TS_ENV } from './events.ts'

const compiled = JSON.parse(process.env[COMPILED_TS_ENV] ?? '{}') as Record<string, string>
delete process.env[COMPILED_TS_ENV] // the learner's program never sees it

type CompilingModule = { _compile(code: string, filename: string): unknown }
const extensions = (Module as unknown as { _extensions: Record<string, (module: CompilingModule, filename: string) => void> })._extensions
extensions['.ts'] = (module, filename) => {
  const javascript = compiled[filename]
  // The runner compiles every .ts file of the program's folder and checks that every relative
  // require lands on one of them: a file outside that set is a change made after the start.
  if (javascript === undefined) throw new Error(`${filename} was not compiled before the program started: run the check again`)
  module._compile(readFileSync(javascript, 'utf8'), filename)
}
