// Starts a workbook command from the compiled copy of its TypeScript (src/build), built first
// if the sources changed: no TypeScript loader is started on the way. Plain JavaScript on
// purpose: it is the one file that must run before any TypeScript support exists.
import module from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// Node 22.1 and later keep the code they compiled for our modules and packages on disk, so the
// next start skips compiling them again (Node 20 lacks it: the command simply compiles as before).
module.enableCompileCache?.(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache', 'node-compile-cache'))
const { compiledWorkbook } = await import('../build/compiled-workbook.mjs')

const [command, ...args] = process.argv.slice(2)
if (!/^[a-z-]+$/.test(command ?? '')) {
  process.stderr.write('✖ Usage: node src/cli/start.mjs <command> [arguments]\n')
  process.exit(2)
}
process.argv.splice(2, process.argv.length, ...args)
let build
try {
  build = await compiledWorkbook()
} catch (error) {
  process.stderr.write(`✖ The workbook's own code did not compile (was it edited?):\n${error instanceof Error ? error.message : error}\n`)
  process.exit(1)
}
await import(pathToFileURL(join(build.dir, 'src', 'cli', `${command}.mjs`)).href)
