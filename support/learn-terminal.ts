/**
 * Drives `npm run lesson` in a real pseudo-terminal (util-linux `script`), for the learn-*
 * tests and the bench's watch measurement: type keys, wait for text on the screen (ANSI
 * stripped), and always kill the whole tree.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from './workbook-command.ts'

export { ROOT }
export const LESSON = workbookCommand('lesson')
export const KEYS = { enter: '\r', down: '\u001b[B', up: '\u001b[A', ctrlC: '\u0003' }

/** A scratch folder with a copy of lesson 03's starter and a private progress file. */
export function scratch(): { dir: string; exercise: string; progress: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'learn-test-'))
  const exercise = join(dir, 'exercise')
  cpSync(join(ROOT, 'exercises', '03-request-response'), exercise, { recursive: true })
  return { dir, exercise, progress: join(dir, 'progress.json'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function testEnv(progress: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // PAGER=cat: these tests read the whole screen as a stream; the pager has its own test.
  const env: NodeJS.ProcessEnv = { ...process.env, WORKBOOK_PROGRESS: progress, NO_COLOR: '1', FORCE_COLOR: '0', PAGER: 'cat', ...extra }
  if (!('CI' in extra)) delete env.CI
  return env
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

export class Terminal {
  private raw = ''
  private readonly onOutput = new Set<() => void>()
  private readonly child: ChildProcess
  readonly exited: Promise<number | null>

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    const command = `stty cols 100 rows 50; exec ${[...LESSON, ...args].map(quote).join(' ')}`
    this.child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    const show = (chunk: Buffer) => {
      this.raw += chunk.toString()
      for (const check of [...this.onOutput]) check()
    }
    this.child.stdout!.on('data', show)
    this.child.stderr!.on('data', show)
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)))
  }

  /** Everything shown so far, colours and cursor moves removed. */
  get screen(): string {
    return stripVTControlCharacters(this.raw)
  }

  send(keys: string): void {
    this.child.stdin!.write(keys)
  }

  /** Waits until `pattern` appears after `from` characters of the screen; returns where it ended. */
  waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.screen.slice(from))
        if (match) finish(() => resolve(from + match.index + match[0].length))
      }
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        this.onOutput.delete(check)
        settle()
      }
      const timer = setTimeout(() => {
        finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; the screen shows:\n${this.screen.slice(from).slice(-3000)}`)))
      }, timeoutMs)
      this.onOutput.add(check)
      check()
    })
  }

  async waitForExit(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms; the screen shows:\n${this.screen.slice(-2000)}`)), timeoutMs)
    })
    try {
      return await Promise.race([this.exited, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Kills `script` and everything under it (its own process group). */
  kill(): void {
    if (this.child.pid === undefined || this.child.exitCode !== null) return
    try {
      process.kill(-this.child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}
