/**
 * How `npm run <name>` starts a workbook command, without npm in between: tests and the bench run
 * exactly that. support/ drives the real commands from outside, for both test/ and bench/, which
 * never import each other's helpers (only a test of the bench imports bench/).
 */
import { join } from 'node:path'
import { ROOT } from '../src/root.ts'

/** `[node, ...flags, src/cli/start.mjs, name]`: the program and its first arguments. */
export function workbookCommand(name: 'lesson' | 'check' | 'verify' | 'grade'): [string, ...string[]] {
  return [process.execPath, '--disable-warning=ExperimentalWarning', join(ROOT, 'src', 'cli', 'start.mjs'), name]
}
