/**
 * A started copy of the learner's program as checks see it (`ProgramView`): where it listens,
 * how to send it requests, its output, its exit. Every exchange it carries is recorded.
 */
import http from 'node:http'
import { LINE_WAIT_MS, type ExitInfo, type FileStream, type LargeFileRead, type OutputStream, type SeenMistake, type SeenResponse, type OutputView, type ProgramView } from '../dsl/define.ts'
import type { Exchange } from '../dsl/exchange.ts'
import type { RequestCheck } from '../dsl/request.ts'
import { LearnerProcess, type StartOptions as ProcessOptions } from './learner-process.ts'
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
  /** Expectations that read the program's files (`expectBodyFile`) read them from the folder it runs in. */
  private readonly judging: JudgeContext

  private constructor(process: LearnerProcess, folder: string) {
    this.process = process
    this.output = outputOf(process)
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
    const exchange = await this.sending(check, () => sendRequest(check.spec, target, this.agent))
    this.exchanges.push(exchange)
    return exchange
  }

  private async sending<T>(check: RequestCheck, send: () => Promise<T>): Promise<T> {
    const what = `${check.spec.method} ${check.spec.path}`
    this.awaiting.push(what)
    try {
      return await send()
    } finally {
      this.awaiting.splice(this.awaiting.indexOf(what), 1)
    }
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
        const exchange = await this.sending(check, () => sendRequest(check.spec, this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 }, agent))
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
    const exchange = await streamExchange(check.spec, options, this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 })
    this.exchanges.push(exchange)
    judgeExchange(check, exchange, this.judging)
    return exchange
  }

  async talk(script: TcpScript): Promise<TcpTranscript> {
    const startedAt = now()
    try {
      const transcript = await talk(script, this.target ?? { host: '127.0.0.1', port: 1, displayPort: 3000 })
      this.conversations.push({ startedAt, entries: transcript.entries })
      return transcript
    } catch (error) {
      if (error instanceof CheckFailure && error.details.conversation) this.conversations.push({ startedAt, entries: error.details.conversation.entries })
      throw error
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

function outputOf(process: LearnerProcess): OutputView {
  const matches = (line: string, match: string | RegExp) =>
    typeof match === 'string' ? line.toLowerCase().includes(match.toLowerCase()) : match.test(line)
  const fromStream = (source: string, stream: OutputStream) => source === stream || (stream === 'any' && (source === 'stdout' || source === 'stderr'))
  return {
    mark: () => process.mark(),
    lines: ({ since = 0, stream = 'stdout' } = {}) =>
      process.since(since).flatMap((record) => ('line' in record && fromStream(record.source, stream) ? [record.line] : [])),
    waitForLine: (match, { since = 0, stream = 'stdout', timeoutMs = LINE_WAIT_MS } = {}) =>
      process.waitFor(
        (record) => ('line' in record && fromStream(record.source, stream) && matches(record.line, match) ? record.line : undefined),
        timeoutMs,
        since,
      ),
  }
}
