/**
 * A conversation with the program over one raw TCP connection, as data: what to send (whole,
 * in pieces with pauses, several lines in one packet), which lines must come back and by when,
 * silences, the server ending the connection, and how the client leaves (politely or abruptly).
 * Immutable like a request: every method returns a new script. Used directly as a check, or run
 * from a flow with `t.talk(script)`, which throws a failure carrying the whole transcript.
 */
import { REQUEST_DEADLINE_MS } from '../limits.ts'

/** A line as it arrived: its text without the ending (`\n` or `\r\n`). */
export type LineTest = { describe: string; test(line: string): string | null }

export type TcpStep =
  /** Bytes sent in `pieces` (each one write), `delayMs` apart. One piece is one packet. */
  | { kind: 'send'; pieces: Buffer[]; delayMs: number }
  /** The next line must pass; lines matching `skip` (e.g. `TICK` lines) are passed over first. */
  | { kind: 'expect-line'; line: LineTest; skip: RegExp | null; timeoutMs: number }
  /** Nothing at all arrives for `ms`, and no line is left unread from before. */
  | { kind: 'expect-silence'; ms: number; why: string }
  /** The server ends (or closes) the connection within `timeoutMs`. */
  | { kind: 'expect-end'; timeoutMs: number }
  /** A judgement on everything received so far (timings, a whole HTTP answer). */
  | { kind: 'expect-received'; describe: string; test(conversation: TcpTranscript): string | null }
  | { kind: 'pause'; ms: number }
  /** `end`: a polite goodbye (FIN). `reset`: the client vanishes (RST, as when a laptop lid closes). */
  | { kind: 'disconnect'; how: 'end' | 'reset' }

export type TranscriptEntry = {
  /** Milliseconds since the connection was opened. */
  atMs: number
  /** `sent` and `received` carry the bytes as quoted text (`"PING\n"`); `note` says what happened (an end, an error). */
  kind: 'sent' | 'received' | 'note'
  text: string
}

/** What a conversation saw: every entry in order, the lines received, the raw bytes, how it ended. */
export type TcpTranscript = {
  entries: TranscriptEntry[]
  /** Every complete line received, without its ending. */
  lines: string[]
  /** Every byte received, in order. */
  received: Buffer
  /** When each line arrived (ms since the connection opened), by index in `lines`. */
  lineTimes: number[]
  /** The server ended or closed the connection. */
  ended: boolean
  /** A line to replay the same conversation by hand (`nc`, or a line of Node for pieces and pauses). */
  tryIt: string
}

type Meta = { id?: string; title?: string; points: number }

export class TcpScript {
  readonly kind = 'tcp' as const
  readonly steps: readonly TcpStep[]
  readonly meta: Meta
  /** Deadline for each expected line unless a step says otherwise. */
  readonly lineTimeoutMs: number

  constructor(steps: readonly TcpStep[] = [], meta: Meta = { points: 1 }, lineTimeoutMs = REQUEST_DEADLINE_MS) {
    this.steps = steps
    this.meta = meta
    this.lineTimeoutMs = lineTimeoutMs
  }

  // ── what the client sends ──
  /** Sends text or bytes in one write (one packet: several lines in it stay together). */
  send(data: string | Buffer) {
    return this.then({ kind: 'send', pieces: [Buffer.from(data)], delayMs: 0 })
  }
  /** Sends `text` followed by a line ending (`\n` unless told). */
  line(text: string, ending: '\n' | '\r\n' = '\n') {
    return this.send(text + ending)
  }
  /** Sends several lines in one write, so they arrive together. */
  lines(texts: string[], ending: '\n' | '\r\n' = '\n') {
    return this.send(texts.map((text) => text + ending).join(''))
  }
  /** Sends these pieces one write each, `delayMs` apart: a line split over several packets. */
  inPieces(pieces: (string | Buffer)[], delayMs = 25) {
    return this.then({ kind: 'send', pieces: pieces.map((piece) => Buffer.from(piece)), delayMs })
  }
  /**
   * Sends `text` cut into pieces, `delayMs` apart: at every cut given (byte offsets), or inside
   * each multi-byte character when no cut is given (in the middle when there is none).
   */
  split(text: string, options: { at?: number[]; delayMs?: number } = {}) {
    const bytes = Buffer.from(text)
    const cuts = options.at ?? defaultCuts(bytes)
    const edges = [0, ...cuts.filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b), bytes.length]
    const pieces = edges.slice(1).map((end, i) => bytes.subarray(edges[i], end)).filter((piece) => piece.length > 0)
    return this.then({ kind: 'send', pieces, delayMs: options.delayMs ?? 25 })
  }
  pause(ms: number) {
    return this.then({ kind: 'pause', ms })
  }
  /** Ends the connection politely (FIN): the server sees `'end'`, then `'close'`. */
  disconnect() {
    return this.then({ kind: 'disconnect', how: 'end' })
  }
  /** Drops the connection (RST): the server sees an `ECONNRESET` `'error'`, then `'close'`, no `'end'`. */
  disconnectAbruptly() {
    return this.then({ kind: 'disconnect', how: 'reset' })
  }

  // ── what must come back ──
  /** The next line is exactly `expected` (or matches it); a `\r` before the `\n` is allowed. */
  expectLine(expected: string | RegExp, options: { skip?: RegExp; timeoutMs?: number } = {}) {
    const line: LineTest =
      typeof expected === 'string'
        ? { describe: `the line ${JSON.stringify(expected)}`, test: (got) => (got === expected ? null : `got ${JSON.stringify(got)}`) }
        : { describe: `a line matching ${expected}`, test: (got) => (expected.test(got) ? null : `got ${JSON.stringify(got)}`) }
    return this.expectLineThat(line.describe, line.test, options)
  }
  /** The next line passes `test` (which returns null, or what is wrong with it). */
  expectLineThat(describe: string, test: (line: string) => string | null, options: { skip?: RegExp; timeoutMs?: number } = {}) {
    return this.then({ kind: 'expect-line', line: { describe, test }, skip: options.skip ?? null, timeoutMs: options.timeoutMs ?? this.lineTimeoutMs })
  }
  /** Nothing arrives for `ms` (and nothing is left unread from before); `why` says what it shows. */
  expectSilence(ms: number, why: string) {
    return this.then({ kind: 'expect-silence', ms, why })
  }
  /** The server ends the connection (within 2 s unless told). */
  expectEnd(timeoutMs = REQUEST_DEADLINE_MS) {
    return this.then({ kind: 'expect-end', timeoutMs })
  }
  /** A judgement on all that came back so far: `test` returns null, or what is wrong. */
  expectReceived(describe: string, test: (conversation: TcpTranscript) => string | null) {
    return this.then({ kind: 'expect-received', describe, test })
  }
  /** The default deadline for each expected line. */
  lineTimeout(ms: number) {
    return new TcpScript(this.steps, this.meta, ms)
  }

  // ── as a check ──
  id(id: string) {
    return new TcpScript(this.steps, { ...this.meta, id }, this.lineTimeoutMs)
  }
  title(title: string) {
    return new TcpScript(this.steps, { ...this.meta, title }, this.lineTimeoutMs)
  }
  points(points: number) {
    return new TcpScript(this.steps, { ...this.meta, points }, this.lineTimeoutMs)
  }

  private then(step: TcpStep) {
    return new TcpScript([...this.steps, step], this.meta, this.lineTimeoutMs)
  }
}

/** A new conversation over a fresh TCP connection to the program. */
export const tcp = () => new TcpScript()

/** Inside every multi-byte character (after its first byte), or in the middle. */
function defaultCuts(bytes: Buffer): number[] {
  const cuts: number[] = []
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0xc0) cuts.push(i + 1)
  return cuts.length ? cuts : [Math.ceil(bytes.length / 2)]
}

/** Whether a piece boundary falls inside a multi-byte UTF-8 character. */
export function cutsACharacter(pieces: readonly Buffer[]): boolean {
  return pieces.slice(1).some((piece) => piece.length > 0 && (piece[0]! & 0xc0) === 0x80)
}
