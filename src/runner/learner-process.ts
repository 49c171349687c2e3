/**
 * One run of a learner's program: spawned in its own process group with the probe preloaded,
 * its stdout/stderr captured line by line (capped), the probe's events read from fd 3. Every
 * wait has a deadline; `stop()` always kills the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { PROBE_ENV, type ProbeEvent } from '../probe/events.ts'
import type { ExitInfo } from '../dsl/define.ts'
import { LineSplitter } from './output-lines.ts'
import { PROBE_ENTRY, STANDBY_ENTRY, TS_CJS_LOADER, TS_LOADER } from './paths.ts'
import type { Loader } from './loader-for.ts'
import { forwardedPorts, SandboxedRun, type OsSandbox } from './sandboxed-start.ts'

export type LogRecord =
  | { seq: number; at: number; source: 'stdout' | 'stderr'; line: string }
  | { seq: number; at: number; source: 'probe'; event: ProbeEvent }
  | { seq: number; at: number; source: 'exit'; code: number | null; signal: string | null }


export type StartOptions = {
  /** The file to run: the learner's entry, or the module harness; null for a warm standby (see `go`). */
  entry: string | null
  /** The working directory (the exercise folder). */
  cwd: string
  /** The learner's own folder: stack frames inside it are "their code". */
  learnerDir: string
  env: NodeJS.ProcessEnv
  /** Make the first `listen()` land on this port instead of a free one. */
  forcedPort?: number
  outputCapBytes?: number
  /** Extra Node flags (the permission model, a memory cap) placed before the loaders. */
  nodeFlags?: string[]
  /** Which half of tsx the entry needs (see `loaderFor`); the whole of it when not said. */
  loader?: Loader
  /** The entry is the module harness: it reports on the probe's channel too, and imports the learner's module with import(), which needs the whole of tsx. */
  harness?: boolean
  /** Run inside the OS sandbox (grading on Linux with bubblewrap; see sandboxed-start.ts). */
  osSandbox?: OsSandbox
}

const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL')
})

export class LearnerProcess {
  readonly records: LogRecord[] = []
  readonly exited: Promise<ExitInfo>
  readonly pid: number | undefined
  private exitInfo: ExitInfo | null = null
  private seq = 0
  private readonly waiters = new Set<() => void>()
  private readonly child: ChildProcess
  private readonly outputs: LineSplitter[]
  private readonly sandboxed: SandboxedRun | null

  constructor(options: StartOptions) {
    const nonce = randomBytes(12).toString('hex')
    const nodeArgs = [...(options.nodeFlags ?? []), ...loaderFlags(options.loader === 'plain' ? 'plain' : options.harness ? 'esm' : (options.loader ?? 'esm')), '--require', PROBE_ENTRY, options.entry ?? STANDBY_ENTRY]
    this.sandboxed = options.osSandbox ? new SandboxedRun(options.osSandbox, forwardedPorts(options.env, options.forcedPort)) : null
    const command = this.sandboxed ? this.sandboxed.command(options.cwd, nodeArgs) : { file: process.execPath, args: nodeArgs }
    this.child = spawn(
      command.file,
      command.args,
      {
        cwd: options.cwd,
        env: {
          ...options.env,
          [PROBE_ENV.nonce]: nonce,
          ...(options.harness ? { [PROBE_ENV.harnessNonce]: nonce } : {}),
          [PROBE_ENV.learnerDir]: options.learnerDir,
          ...(options.forcedPort ? { [PROBE_ENV.forcedPort]: String(options.forcedPort) } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe', 'pipe', ...(this.sandboxed ? ['pipe' as const] : [])],
        detached: true, // its own process group, so the whole tree can be killed at once
      },
    )
    this.pid = this.child.pid
    live.add(this.child)
    const cap = options.outputCapBytes ?? 1_000_000
    const stdout = new LineSplitter(cap, (line) => this.add({ source: 'stdout', line }))
    const stderr = new LineSplitter(cap, (line) => this.add({ source: 'stderr', line }))
    const probe = new LineSplitter(16 * cap, (line) => this.onProbeLine(line, nonce))
    this.outputs = [stdout, stderr, probe]
    this.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk))
    this.child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk))
    ;(this.child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => probe.push(chunk))
    this.child.on('error', () => {}) // spawn failures surface as an exit below
    if (this.sandboxed) this.sandboxed.attach(this.child.stdio[4] as unknown as Parameters<SandboxedRun['attach']>[0])

    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        live.delete(this.child)
        killGroup(this.child, 'SIGKILL') // orphans left behind by the learner's program
        for (const output of this.outputs) output.flush()
        this.exitInfo = this.sandboxed?.exit ?? { code, signal }
        this.sandboxed?.close()
        this.add({ source: 'exit', code, signal })
        resolve(this.exitInfo)
      })
    })
  }

  get hasExited(): boolean {
    return this.exitInfo !== null
  }

  get outputTruncated(): boolean {
    return this.outputs.some((output) => output.truncated)
  }

  /** The sequence number of the newest record: a mark to read "everything since". */
  mark(): number {
    return this.seq
  }

  since(mark: number): LogRecord[] {
    return this.records.slice(mark) // records[i] has seq i + 1
  }

  /**
   * Resolves with the first record from `fromSeq` on for which `pick` returns a value, or null
   * when the deadline passes, the process exits without one, or `signal` aborts the wait.
   */
  waitFor<T>(pick: (record: LogRecord) => T | undefined, timeoutMs: number, fromSeq = 0, signal?: AbortSignal): Promise<T | null> {
    return new Promise((resolve) => {
      let next = fromSeq // records[i] has seq i + 1
      const scan = () => {
        for (; next < this.records.length; next++) {
          const value = pick(this.records[next]!)
          if (value !== undefined) return finish(value)
        }
        if (this.exitInfo) finish(null)
      }
      const finish = (value: T | null) => {
        clearTimeout(timer)
        this.waiters.delete(scan)
        signal?.removeEventListener('abort', cancel)
        resolve(value)
      }
      const cancel = () => finish(null)
      const timer = setTimeout(cancel, timeoutMs)
      if (signal?.aborted) return cancel()
      signal?.addEventListener('abort', cancel)
      this.waiters.add(scan)
      scan()
    })
  }

  /** Waits until the probe's next heartbeat: everything the program did before now has been reported. */
  async barrier(timeoutMs = 1000): Promise<void> {
    const from = this.mark()
    await this.waitFor((record) => (record.source === 'probe' && record.event.t === 'beat' ? true : undefined), timeoutMs, from)
  }

  probeEvents(fromSeq = 0): ProbeEvent[] {
    return this.since(fromSeq).flatMap((record) => (record.source === 'probe' ? [record.event] : []))
  }

  /** Starts the learner's entry in a process started as a warm standby. */
  go(entry: string): void {
    ;(this.child.stdio[3] as NodeJS.WritableStream).write(`${entry}\n`)
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exitInfo) return
    if (this.sandboxed) this.sandboxed.signal(signal)
    else this.child.kill(signal)
  }

  /** Where the grader reaches the program's `port`: the same port, or the OS sandbox's bridge to it. */
  async reach(host: string, port: number): Promise<{ host: string; port: number }> {
    return this.sandboxed ? { host: '127.0.0.1', port: await this.sandboxed.reach(port, host) } : { host, port }
  }

  /** Kills the whole process group and waits (briefly) for the exit. Safe to call twice. */
  async stop(): Promise<ExitInfo | null> {
    killGroup(this.child, 'SIGKILL')
    const deadline = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000).unref())
    return Promise.race([this.exited, deadline])
  }

  private onProbeLine(line: string, nonce: string): void {
    if (!line.startsWith(nonce + ' ')) return // not from our probe: ignored
    try {
      this.add({ source: 'probe', event: JSON.parse(line.slice(nonce.length + 1)) as ProbeEvent })
    } catch {
      // a torn or forged line: ignored
    }
  }

  private add(record: Omit<LogRecord, 'seq' | 'at'> & Partial<LogRecord>): void {
    this.records.push({ ...record, seq: ++this.seq, at: Date.now() } as LogRecord)
    for (const waiter of [...this.waiters]) waiter()
  }
}

/** The flags that load tsx, whole or its CommonJS half. */
export function loaderFlags(loader: Loader): string[] {
  if (loader === 'plain') return ['--enable-source-maps']
  return loader === 'commonjs' ? ['--require', TS_CJS_LOADER] : ['--import', TS_LOADER]
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}
