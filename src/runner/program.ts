/**
 * A started copy of the learner's program as checks see it (`ProgramView`): where it listens,
 * how to send it requests, its output, its exit. Every exchange it carries is recorded.
 */
import http from 'node:http'
import { LINE_WAIT_MS, type ExitInfo, type FileStream, type LargeFileRead, type OutputStream, type SeenMistake, type SeenResponse, type OutputView, type ProgramView } from '../dsl/define.ts'
import type { Exchange } from '../dsl/exchange.ts'
import type { RequestCheck } from '../dsl/request.ts'
import { LearnerProcess, type LogRecord, type StartOptions as ProcessOptions } from './learner-process.ts'
import { sendRequest, type Target } from '../dsl/send-request.ts'
import { failNotKeptAlive, judgeExchange } from '../dsl/judge.ts'
import type { JudgeContext } from '../dsl/expectations.ts'
import type { WarmStarts } from './warm-starts.ts'
import { fileStreamsIn } from './file-streams.ts'
import type { Stall } from './stall-watch.ts'
import type { StreamOptions, StreamedExchange } from '../dsl/streaming.ts'
import type { BodyMemory } from '../dsl/body-memory.ts'
import { streamExchange } from './stream-exchange.ts'
import type { TcpScript, TcpTranscript } from '../dsl/tcp-client.ts'
import { talk } from './tcp-conversation.ts'
import { CheckFailure } from '../dsl/failure.ts'
import { now, type Conversation } from '../dsl/client-trace.ts'
import { changedSince, idleReport, OpenRequests, STALLED_MESSAGE } from './idle-reports.ts'

export type BootOutcome =
  | { state: 'listening' }
  | { state: 'exited'; exit: ExitInfo }
  | { state: 'timeout' }
  | { state: 'not-waited' }

export type ProgramOptions = ProcessOptions & {
  entry: string
  bootTimeoutMs: number
  waitForListen: boolean
  /** Take the process from these warm starts instead of starting one cold. */
  warm?: WarmStarts
}

export class Program implements ProgramView {
  readonly process: LearnerProcess
  readonly exchanges: Exchange[] = []
  /** Every raw TCP conversation held with this copy, with when it began (for the timeline). */
  readonly conversations: Conversation[] = []
  readonly output: OutputView
  /** Set when the runner stopped this copy because its event loop stopped turning (see stall-watch.ts). */
  stuck: Stall | null = null
  private target: Target | null = null
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  private readonly awaiting: string[] = []
  /** Streams and TCP conversations in flight: a client the probe's idle reports cannot account for. */
  private otherClients = 0
  /** When (Date.now()) the last exchange, stream or conversation with this copy ended. */
  private lastClientAt = 0
  /** Expectations that read the program's files (`expectBodyFile`) read them from the folder it runs in. */
  private readonly judging: JudgeContext

  private constructor(process: LearnerProcess, folder: string) {
    this.process = process
    // Quiet: no client waiting on the program, and the report stands for a moment after the last one's hang-up.
    this.output = outputOf(process, (since) => this.awaiting.length + this.otherClients === 0 && since > this.lastClientAt)
    this.judging = { folder }
  }

  static async start(options: ProgramOptions): Promise<{ program: Program; outcome: BootOutcome }> {
    const { warm, ...processOptions } = options
    const program = new Program(warm ? warm.start(processOptions) : new LearnerProcess(processOptions), processOptions.cwd)
    if (!options.waitForListen) return { program, outcome: { state: 'not-waited' } }
    return { program, outcome: await program.waitForListening(options.bootTimeoutMs) }
  }

  async waitForListening(timeoutMs: number): Promise<BootOutcome> {
    const listening = await this.process.waitFor(
      (record) => (record.source === 'probe' && record.event.t === 'listening' ? record.event : undefined),
      timeoutMs,
    )
    if (listening) {
      const host = listening.address === '::' || listening.address === '0.0.0.0' ? '127.0.0.1' : listening.address
      this.target = { ...(await this.process.reach(host, listening.port)), displayPort: listening.requestedPort ?? 3000 }
      return { state: 'listening' }
    }
    if (this.process.hasExited) return { state: 'exited', exit: await this.process.exited }
    return { state: 'timeout' }
  }

  get listening(): boolean {
    return this.target !== null && !this.process.hasExited
  }
  get host(): string {
    return this.target?.host ?? '127.0.0.1'
  }
  get port(): number {
    return this.target?.port ?? 0
  }

  /** A request sent to this copy that has no answer yet (`GET /x`), or null. */
  get awaitingAnswer(): string | null {
    return this.awaiting.at(-1) ?? null
  }

  async exchange(check: RequestCheck): Promise<Exchange> {
    const target = this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 }
    const exchange = await this.sending(check, (unanswerable) => sendRequest(check.spec, target, this.agent, unanswerable))
    this.exchanges.push(exchange)
    return exchange
  }

  private async sending<T>(check: RequestCheck, send: (unanswerable: Promise<string | null>) => Promise<T>): Promise<T> {
    const what = `${check.spec.method} ${check.spec.path}`
    const stop = new AbortController()
    const unanswerable = this.unanswerable(check, stop.signal)
    this.awaiting.push(what)
    try {
      return await send(unanswerable)
    } finally {
      stop.abort()
      this.awaiting.splice(this.awaiting.indexOf(what), 1)
      this.lastClientAt = Date.now()
    }
  }

  /**
   * Resolves with a reason once this request's response can never finish: the probe saw the
   * program idle with it received whole, its handler returned and its response open, and every
   * request the program has open is one this copy is waiting on, all as stuck (a request still in
   * flight could finish the others: a POST that writes to a waiting stream). Confirmed once more
   * after this process has had a turn, so that a request the check sends next counts too.
   */
  private async unanswerable(check: RequestCheck, signal: AbortSignal): Promise<string | null> {
    const from = this.process.mark()
    const requests = new OpenRequests(this.process.records)
    const ours = (stalled: number[]) =>
      [...requests.open].some(([id, open]) => open.seq > from && stalled.includes(id) && open.method === check.spec.method && open.url === check.spec.path)
    const stuckAlike = (stalled: number[]) =>
      this.otherClients === 0 && requests.open.size === this.awaiting.length && requests.allStalled(stalled) && ours(stalled)
    let next = from
    while (!signal.aborted) {
      const report = await this.process.waitFor(
        (record) => {
          requests.note(record)
          const stalled = idleReport(record)?.stalled
          return stalled && stuckAlike(stalled) ? { seq: record.seq, stalled } : undefined
        },
        check.spec.timeoutMs,
        next,
        signal,
      )
      if (!report) return null
      next = report.seq
      await new Promise((resolve) => setImmediate(resolve))
      if (!signal.aborted && !changedSince(this.process.records, report.seq) && stuckAlike(report.stalled)) return STALLED_MESSAGE
    }
    return null
  }

  async send(check: RequestCheck): Promise<Exchange> {
    const exchange = await this.exchange(check)
    judgeExchange(check, exchange, this.judging)
    return exchange
  }

  judge(check: RequestCheck, exchange: Exchange): void {
    judgeExchange(check, exchange, this.judging)
  }

  async sameConnection(checks: RequestCheck[]): Promise<Exchange[]> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const exchanges: Exchange[] = []
    try {
      for (const [index, check] of checks.entries()) {
        const exchange = await this.sending(check, (unanswerable) => sendRequest(check.spec, this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 }, agent, unanswerable))
        this.exchanges.push(exchange)
        exchanges.push(exchange)
        judgeExchange(check, exchange, this.judging)
        if (index > 0 && !exchange.reusedSocket) {
          failNotKeptAlive(exchange)
        }
      }
      return exchanges
    } finally {
      agent.destroy()
    }
  }

  async stream(check: RequestCheck, options: StreamOptions = {}): Promise<StreamedExchange> {
    const exchange = await this.withOtherClient(() => streamExchange(check.spec, options, this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 }))
    this.exchanges.push(exchange)
    judgeExchange(check, exchange, this.judging)
    return exchange
  }

  talk(script: TcpScript): Promise<TcpTranscript> {
    return this.withOtherClient(async () => {
      const startedAt = now()
      try {
        const transcript = await talk(script, this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 })
        this.conversations.push({ startedAt, entries: transcript.entries })
        return transcript
      } catch (error) {
        if (error instanceof CheckFailure && error.details.conversation) this.conversations.push({ startedAt, entries: error.details.conversation.entries })
        throw error
      }
    })
  }

  private async withOtherClient<T>(run: () => Promise<T>): Promise<T> {
    this.otherClients++
    try {
      return await run()
    } finally {
      this.otherClients--
      this.lastClientAt = Date.now()
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.process.signal(signal)
  }

  async waitForExit(timeoutMs: number): Promise<ExitInfo | null> {
    return Promise.race([this.process.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref())])
  }

  async waitForRequest(path: string, timeoutMs = 2000): Promise<boolean> {
    const seen = await this.process.waitFor(
      (record) => (record.source === 'probe' && record.event.t === 'request' && record.event.url.startsWith(path) ? true : undefined),
      timeoutMs,
    )
    return seen === true
  }

  /**
   * Waits until every request that reached the program since `mark` is reported finished (or cut
   * off), and the body of any answered before its body was in has ended too, or the program has
   * exited: a precise barrier after a check, usually already true.
   */
  async requestsSettled(mark: number, timeoutMs = 500): Promise<void> {
    const open = () => {
      let count = 0
      for (const record of this.process.since(mark)) {
        if (record.source !== 'probe') continue
        const { event } = record
        if (event.t === 'request') count++
        else if (event.t === 'closed-unfinished' || event.t === 'body-after-response') count--
        else if (event.t === 'response' && event.requestComplete) count--
      }
      return count
    }
    if (this.process.hasExited || open() <= 0) return
    await this.process.waitFor(() => (open() <= 0 ? true : undefined), timeoutMs, this.process.mark())
  }

  settle(): Promise<void> {
    return this.process.barrier()
  }

  async largeFileReads(since = 0): Promise<LargeFileRead[]> {
    if (!this.process.hasExited) await this.settle()
    return this.process.probeEvents(since).flatMap((event) => (event.t === 'file-read' ? [{ how: event.how, path: event.path, bytes: event.bytes, where: event.where }] : []))
  }

  async mistakesSeen(since = 0): Promise<SeenMistake[]> {
    if (!this.process.hasExited) await this.settle()
    return this.process.probeEvents(since).flatMap((event) => (event.t === 'mistake' ? [{ code: event.code, detail: event.detail, where: event.where }] : []))
  }

  async fileStreams(since = 0): Promise<FileStream[]> {
    if (!this.process.hasExited) await this.settle()
    return fileStreamsIn(this.process.probeEvents(since))
  }

  async bodyMemory(since = 0): Promise<BodyMemory[]> {
    if (!this.process.hasExited) await this.settle()
    return this.process.probeEvents(since).flatMap((event) => {
      if (event.t !== 'body-memory') return []
      const { method, url, bodyBytes, heldBytes, arrayBuffersGrowth, peakRssGrowth } = event
      return [{ method, url, bodyBytes, heldBytes, arrayBuffersGrowth, peakRssGrowth }]
    })
  }

  async responsesSeen(since = 0): Promise<SeenResponse[]> {
    if (!this.process.hasExited) await this.settle()
    return this.process
      .probeEvents(since)
      .flatMap((event) => (event.t === 'response' ? [{ method: event.method, url: event.url, status: event.status, bodyBytes: event.bodyBytes }] : []))
  }

  async stop(): Promise<void> {
    this.agent.destroy()
    await this.process.stop()
  }
}

/**
 * `quiet(since)`: no client of the runner is waiting on the program (no exchange, stream or
 * conversation in flight), and an idle report standing for `since` came after the last one ended.
 */
function outputOf(process: LearnerProcess, quiet: (since: number) => boolean): OutputView {
  const matches = (line: string, match: string | RegExp) =>
    typeof match === 'string' ? line.toLowerCase().includes(match.toLowerCase()) : match.test(line)
  const fromStream = (source: string, stream: OutputStream) => source === stream || (stream === 'any' && (source === 'stdout' || source === 'stderr'))
  return {
    mark: () => process.mark(),
    lines: ({ since = 0, stream = 'stdout' } = {}) =>
      process.since(since).flatMap((record) => ('line' in record && fromStream(record.source, stream) ? [record.line] : [])),
    // A line that has not come by the time the program is quiet never will: stop waiting then
    // rather than at the deadline.
    waitForLine: async (match, { since = 0, stream = 'stdout', timeoutMs = LINE_WAIT_MS } = {}) => {
      const pick = (record: LogRecord) => ('line' in record && fromStream(record.source, stream) && matches(record.line, match) ? record.line : undefined)
      const found = await untilQuiet(process, quiet, timeoutMs, since, (record) => {
        const line = pick(record)
        return line === undefined ? undefined : { line }
      })
      if (found && 'line' in found) return found.line
      if (found === null) return null
      for (const record of process.since(since)) {
        const line = pick(record)
        if (line !== undefined) return line
      }
      return null
    },
    quiet: async (timeoutMs) => (await untilQuiet(process, quiet, timeoutMs, process.mark())) !== null,
  }
}

/**
 * Waits until `pick` finds a record (from `since` on), or the program is quiet: an idle report
 * that came after this call, with no request open and no client of the runner waiting on it.
 * Quiet is confirmed once this process has read what the program's pipes hold (the output
 * written before the report). Null at the deadline or when the program exits.
 */
async function untilQuiet<T>(
  process: LearnerProcess,
  clientsDone: (since: number) => boolean,
  timeoutMs: number,
  since: number,
  pick: (record: LogRecord) => T | undefined = () => undefined,
): Promise<T | { quietAt: number } | null> {
  const from = process.mark()
  const requests = new OpenRequests(process.records.slice(0, since))
  const found = await process.waitFor<T | { quietAt: number }>(
    (record) => {
      requests.note(record)
      const value = pick(record)
      if (value !== undefined) return value
      const idle = record.seq > from ? idleReport(record) : null
      return idle && requests.open.size === 0 && clientsDone(idle.since) ? { quietAt: record.seq } : undefined
    },
    timeoutMs,
    since,
  )
  if (found && typeof found === 'object' && 'quietAt' in found) await new Promise((resolve) => setImmediate(resolve))
  return found
}
