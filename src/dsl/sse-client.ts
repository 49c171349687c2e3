/**
 * A server-sent events client for checks: opens `GET /events` the way a browser's `EventSource`
 * does (`Accept: text/event-stream`, `Last-Event-ID` when reconnecting), notes when the headers
 * arrived and when each event did, parses the body as the standard says (event-stream-parser.ts)
 * as it comes, without buffering it, and reconnects or hangs up on demand. Many can be open at
 * once; a group closes all of its clients at the end of a check. Nothing here throws: a check
 * waits for what it needs with a deadline, then judges what came.
 */
import http from 'node:http'
import { EventStreamParser, type StreamEvent } from './event-stream-parser.ts'
import { recordExchange, type Exchange } from './exchange.ts'

/** An event as received: what `EventSource` would dispatch, and when (ms after the request was sent). */
export type ReceivedEvent = StreamEvent & { at: number }

export type EventStreamTarget = { host: string; port: number; displayPort?: number }

export type OpenOptions = {
  path?: string
  /** Sent as `Last-Event-ID` when not empty, as `EventSource` does when it reconnects. */
  lastEventId?: string
  headers?: Record<string, string>
}

/** Raw bytes kept for failure reports: enough to show what came, never unbounded. */
const KEEP_BYTES = 64 * 1024

type Waiter = { test: () => boolean; resolve: (met: boolean) => void; timer: NodeJS.Timeout }

export class EventStreamClient {
  readonly path: string
  readonly requestHeaders: Record<string, string>
  /** `performance.now()` when the request was sent; every time below counts from it. */
  readonly startedAt = performance.now()
  status: number | null = null
  statusMessage = ''
  headers: http.IncomingHttpHeaders = {}
  /** When the status line and headers had arrived (ms), or null. */
  headersAt: number | null = null
  readonly events: ReceivedEvent[] = []
  /** When the server ended the response (ms), or null while it stays open. */
  endedAt: number | null = null
  /** Why the connection failed or broke off (not counting our own hang-up), or null. */
  error: { code: string; message: string } | null = null
  /** True once this side hung up. */
  closed = false

  private readonly target: EventStreamTarget
  private readonly parser: EventStreamParser
  private readonly request: http.ClientRequest
  private readonly kept: Buffer[] = []
  private keptBytes = 0
  private readonly waiters = new Set<Waiter>()

  constructor(target: EventStreamTarget, agent: http.Agent, options: OpenOptions = {}) {
    this.target = target
    this.path = options.path ?? '/events'
    const lastEventId = options.lastEventId ?? ''
    this.requestHeaders = {
      Accept: 'text/event-stream',
      'Cache-Control': 'no-cache',
      ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
      ...options.headers,
    }
    this.parser = new EventStreamParser((event) => {
      this.events.push({ ...event, at: this.now() })
      this.changed()
    }, lastEventId)
    this.request = http.get({ host: target.host, port: target.port, path: this.path, headers: this.requestHeaders, agent }, (response) => {
      this.status = response.statusCode ?? 0
      this.statusMessage = response.statusMessage ?? ''
      this.headers = response.headers
      this.headersAt = this.now()
      this.changed()
      response.on('data', (chunk: Buffer) => {
        if (this.closed) return
        if (this.keptBytes < KEEP_BYTES) {
          this.kept.push(chunk.subarray(0, KEEP_BYTES - this.keptBytes))
          this.keptBytes += Math.min(chunk.length, KEEP_BYTES - this.keptBytes)
        }
        this.parser.push(chunk)
      })
      response.on('end', () => {
        if (this.closed) return
        this.parser.end()
        this.endedAt = this.now()
        this.changed()
      })
      response.on('error', (error: NodeJS.ErrnoException) => this.broke(error))
    })
    this.request.on('error', (error: NodeJS.ErrnoException) => this.broke(error))
  }

  /** The last event ID string so far: what a reconnection sends as `Last-Event-ID`. */
  get lastEventId(): string {
    return this.parser.lastEventId
  }
  /** The reconnection time the server asked for with `retry:`, or null. */
  get reconnectionTime(): number | null {
    return this.parser.reconnectionTime
  }
  /** Comment lines received (heartbeats and the like). */
  get comments(): number {
    return this.parser.comments
  }
  /** The stream is over: the server ended it, it broke, or this side hung up. */
  get over(): boolean {
    return this.endedAt !== null || this.error !== null || this.closed
  }

  eventsOf(type: string): ReceivedEvent[] {
    return this.events.filter((event) => event.type === type)
  }

  /**
   * Resolves true as soon as `test()` holds (checked now and after anything arrives), false at the
   * deadline or when the stream is over without it holding.
   */
  until(test: () => boolean, timeoutMs: number): Promise<boolean> {
    if (test()) return Promise.resolve(true)
    if (this.over) return Promise.resolve(false)
    return new Promise((resolve) => {
      const waiter: Waiter = {
        test,
        resolve: (met) => {
          clearTimeout(waiter.timer)
          this.waiters.delete(waiter)
          resolve(met)
        },
        timer: setTimeout(() => waiter.resolve(test()), timeoutMs),
      }
      this.waiters.add(waiter)
    })
  }

  waitForHeaders(timeoutMs: number): Promise<boolean> {
    return this.until(() => this.headersAt !== null, timeoutMs)
  }

  /** Waits until `count` events of `type` have arrived. */
  waitForEvents(type: string, count: number, timeoutMs: number): Promise<boolean> {
    return this.until(() => this.eventsOf(type).length >= count, timeoutMs)
  }

  /** Hangs up, as a closed browser tab does. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.request.destroy()
    this.changed()
  }

  /** What came, in a few words: `200 text/event-stream, 3 events (tick 1, tick 2, tick 3), still open`. */
  describe(maxEvents = 6): string {
    if (this.status === null) return this.error ? `no response (${this.error.code}: ${this.error.message})` : 'no response headers yet'
    const type = this.headers['content-type'] ?? 'no Content-Type'
    const shown = this.events.slice(0, maxEvents).map((event) => `${event.type}${event.lastEventId ? ` #${event.lastEventId}` : ''} ${clip(event.data)}`)
    const more = this.events.length > maxEvents ? `, … ${this.events.length - maxEvents} more` : ''
    const events = this.events.length ? `${this.events.length} event(s): ${shown.join('; ')}${more}` : 'no events'
    const state = this.endedAt !== null ? `then the response ended (${Math.round(this.endedAt)} ms in)` : this.error ? `then ${this.error.code}` : 'still open'
    return `${this.status} ${type}, ${events}, ${state}`
  }

  /** The request and what came back so far, as a report shows an exchange (and its `curl` line). */
  exchange(): Exchange {
    return recordExchange({
      request: { method: 'GET', path: this.path, headers: this.requestHeaders, body: null, pieces: 1, cuts: [], fromAddress: null },
      response:
        this.status === null
          ? null
          : { status: this.status, statusMessage: this.statusMessage, headers: this.headers, body: Buffer.concat(this.kept) },
      error: this.error,
      durationMs: Math.round(this.now()),
      reusedSocket: false,
      target: { host: this.target.host, port: this.target.port, displayPort: this.target.displayPort ?? 3000 },
    })
  }

  private now(): number {
    return performance.now() - this.startedAt
  }

  private broke(error: NodeJS.ErrnoException): void {
    if (this.closed || this.error || this.endedAt !== null) return
    this.error = { code: error.code ?? error.name, message: error.message }
    this.parser.end()
    this.changed()
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) waiter.resolve(true)
      else if (this.over) waiter.resolve(false)
    }
  }
}

/**
 * The event streams one check opens: each on its own connection, as a browser tab's
 * `EventSource` is; `closeAll()` (in a `finally`) hangs them all up.
 */
export class EventStreams {
  readonly clients: EventStreamClient[] = []
  private readonly target: EventStreamTarget
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })

  constructor(target: EventStreamTarget) {
    this.target = { host: target.host, port: target.port, ...(target.displayPort ? { displayPort: target.displayPort } : {}) }
  }

  open(options: OpenOptions = {}): EventStreamClient {
    const client = new EventStreamClient(this.target, this.agent, options)
    this.clients.push(client)
    return client
  }

  /** Opens `count` streams at once. */
  openMany(count: number, options: OpenOptions = {}): EventStreamClient[] {
    return Array.from({ length: count }, () => this.open(options))
  }

  /** Connects again as `EventSource` does after a drop: same path, `Last-Event-ID` from what `client` received. */
  reconnect(client: EventStreamClient): EventStreamClient {
    client.close()
    return this.open({ path: client.path, lastEventId: client.lastEventId })
  }

  closeAll(): void {
    for (const client of this.clients) client.close()
    this.agent.destroy()
  }
}

/** Opens event streams on a running program (`t`, or a copy from `t.start()`). */
export function eventStreams(target: EventStreamTarget): EventStreams {
  return new EventStreams(target)
}

const clip = (text: string, max = 60) => {
  const line = JSON.stringify(text)
  return line.length > max ? `${line.slice(0, max)}…` : line
}
