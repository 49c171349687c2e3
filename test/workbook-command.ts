/** How `npm run <name>` starts a workbook command, without npm in between: tests and the bench run exactly that. */
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')

/** `[node, ...flags, src/cli/start.mjs, name]`: the program and its first arguments. */
export function workbookCommand(name: 'lesson' | 'check' | 'verify' | 'grade'): [string, ...string[]] {
  return [process.execPath, '--disable-warning=ExperimentalWarning', join(ROOT, 'src', 'cli', 'start.mjs'), name]
}
