/**
 * Shows a text taller than the terminal in a pager (`$PAGER`, else `less`), so a long lesson
 * can be read from its first line and the menu that follows stays on screen. `PAGER=cat` (or
 * no pager on the machine, or no terminal) prints the text as it is.
 */
import { spawn } from 'node:child_process'

/** `less`: colours as they are, quit at once if it fits, leave the text on screen, Ctrl-C quits. */
const LESS = ['less', '-R', '-F', '-X', '-K', '-PsSpace or arrows to read on, q for the menu']

export function pagerCommand(env: NodeJS.ProcessEnv = process.env): string[] | null {
  const chosen = env.PAGER?.trim()
  if (chosen === 'cat' || chosen === '') return null
  return chosen ? chosen.split(/\s+/) : LESS
}

/** True when `text` went through a pager; false when the caller should print it. */
export function page(text: string, rows = process.stdout.rows ?? 0): Promise<boolean> {
  const command = pagerCommand()
  const tall = rows > 0 && text.split('\n').length > rows - 2
  if (!command || !tall || !process.stdout.isTTY || !process.stdin.isTTY) return Promise.resolve(false)
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'inherit', 'inherit'] })
    let started = true
    child.on('error', () => {
      // No such pager here: the caller prints the text instead.
      started = false
      resolve(false)
    })
    child.stdin.on('error', () => {}) // the reader quit before reading it all
    child.stdin.end(`${text}\n`)
    child.on('close', () => started && resolve(true))
  })
}
