/**
 * Starts `npm run lesson 3 -- --web` on a scratch copy of lesson 03's starter with a private
 * progress file, for the web-* tests and the screenshots: waits for the address it prints, and
 * always stops the whole process group.
 */
import { spawn } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, scratch, testEnv } from '../support/learn-terminal.ts'
import { workbookCommand } from '../support/workbook-command.ts'

export type RunningWeb = {
  /** The command's own process id. */
  pid: number
  url: string
  port: number
  token: string
  /** The scratch exercise folder the page watches. */
  exercise: string
  progress: string
  output: () => string
  /** Writes the reference solution over the scratch server.ts. */
  solve: () => void
  /** Ctrl-C, as a learner would; resolves with the exit code once it has exited. */
  interrupt: (timeoutMs: number) => Promise<number | null>
  /** Kills the whole group (a test that failed half way) and removes the scratch folder. */
  remove: () => void
}

export async function startWeb(timeoutMs = 45_000, env: NodeJS.ProcessEnv = {}): Promise<RunningWeb> {
  const work = scratch()
  const [node, ...args] = workbookCommand('lesson')
  const child = spawn(node, [...args, '3', '--web', '--dir', work.exercise], { cwd: ROOT, env: testEnv(work.progress, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within ${timeoutMs} ms; output:\n${output}`)), timeoutMs)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output)
      if (found) {
        clearTimeout(timer)
        resolve(found[0])
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    void exited.then((code) => reject(new Error(`exited (${code}) before printing an address:\n${output}`)))
  }).catch((error: unknown) => {
    kill()
    work.remove()
    throw error
  })
  const url = new URL(address)
  return {
    pid: child.pid!,
    url: address,
    port: Number(url.port),
    token: url.searchParams.get('token')!,
    exercise: work.exercise,
    progress: work.progress,
    output: () => output,
    solve: () => copyFileSync(join(ROOT, 'solutions', '03-request-response', 'server.ts'), join(work.exercise, 'server.ts')),
    interrupt: async (deadline) => {
      child.kill('SIGINT')
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not stop within ${deadline} ms after Ctrl-C; output:\n${output}`)), deadline)
      })
      try {
        return await Promise.race([exited, late])
      } finally {
        clearTimeout(timer)
      }
    },
    remove: () => {
      kill()
      work.remove()
    },
  }
}

/** Debian's Chromium, where `.ci/run` installs it. */
export const CHROMIUM = '/usr/bin/chromium'

/** Chromium driven by playwright-core: headless, its own fresh profile, nothing reached beyond this machine. */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
