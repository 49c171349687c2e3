/**
 * HTTP clients that misbehave on purpose, for checks about timeouts: a slowloris that sends its
 * request line and headers one byte at a time and never finishes, a body that trickles and never
 * arrives whole, a kept-alive connection left idle, a malformed request sent raw, and a client
 * that leaves before its answer. Each talks HTTP/1.1 over a TCP connection of its own (no agent,
 * no parser of Node's between the check and the wire) and returns what happened as data: the
 * bytes that came back, the first response parsed, and when the server answered and when it
 * closed, in milliseconds from the start of the connection. Every one stops at its deadline, and
 * none throws: a refused connection is data too.
 */
import net from 'node:net'

/** Where the program listens: a `ProgramView` (or the check context `t`) is one. */
export type Target = { readonly host: string; readonly port: number }

/** A response read off the wire; header names in lower case, repeated headers joined by `, `. */
export type RawResponse = {
  status: number
  statusMessage: string
  headers: Record<string, string>
  body: Buffer
  /** Whether the whole body arrived (by `Content-Length`, the last chunk, or the close). */
  complete: boolean
}

export type SlowOutcome = {
  /** Bytes the client sent, and whether it sent all it meant to (a slowloris never does). */
  sentBytes: number
  finishedSending: boolean
  /** Everything the server sent. */
  received: Buffer
  /** The first response in `received`, parsed; null when nothing or no HTTP response head came. */
  response: RawResponse | null
  /** From the start of the connection to the server's first byte; null when none came. */
  answeredAfterMs: number | null
  /** From the start of the connection to the server ending (`end`) or resetting (`reset`) it; null: still open. */
  closedAfterMs: number | null
  closedBy: 'end' | 'reset' | null
  /** A failure to talk at all (`ECONNREFUSED`, …); a reset by the server is `closedBy: 'reset'` instead. */
  error: string | null
  /** How long the client watched in all. */
  watchedMs: number
}

export type IdleOutcome = SlowOutcome & {
  /** From the start of the connection to the end of the one response; null when it never completed. */
  respondedAfterMs: number | null
  /** How long the connection stayed open, idle, after that response; null when it was still open. */
  idleBeforeCloseMs: number | null
}

type Sender = {
  /** True once the client should stop sending: the server answered or closed, or the deadline came. */
  stopped(): boolean
  write(bytes: Buffer | string): void
  pause(ms: number): Promise<void>
}

type Plan = {
  deadlineMs: number
  /** Writes the request as it likes; resolves true when it sent everything it meant to. */
  send(sender: Sender): Promise<boolean>
  /** Stop watching as soon as one whole response has arrived (default: wait for the close). */
  untilResponse?: boolean
  /** Stop sending as soon as the server answers (default true). */
  quietOnAnswer?: boolean
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Opens a connection, plays the plan, and records everything until the close or the deadline. */
function converse(target: Target, plan: Plan, onSocket?: (socket: net.Socket, finish: () => void) => void): Promise<SlowOutcome & { respondedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    const chunks: Buffer[] = []
    let received = Buffer.alloc(0)
    let answeredAfterMs: number | null = null
    let respondedAfterMs: number | null = null
    let closedAfterMs: number | null = null
    let closedBy: SlowOutcome['closedBy'] = null
    let error: string | null = null
    let sentBytes = 0
    let finishedSending = false
    let done = false

    const socket = net.connect({ host: target.host, port: target.port, allowHalfOpen: true })
    socket.setNoDelay(true)
    const finish = () => {
      if (done) return
      done = true
      clearTimeout(deadline)
      socket.destroy()
      resolve({
        sentBytes,
        finishedSending,
        received,
        response: parseResponse(received, closedAfterMs !== null),
        answeredAfterMs,
        respondedAfterMs,
        closedAfterMs,
        closedBy,
        error,
        watchedMs: elapsed(),
      })
    }
    const deadline = setTimeout(finish, plan.deadlineMs)
    const closed = (by: 'end' | 'reset') => {
      if (done) return
      if (closedAfterMs === null) {
        closedAfterMs = elapsed()
        closedBy = by
      }
      finish()
    }

    socket.on('data', (chunk: Buffer) => {
      answeredAfterMs ??= elapsed()
      chunks.push(chunk)
      received = Buffer.concat(chunks)
      if (respondedAfterMs === null && parseResponse(received, false)?.complete) {
        respondedAfterMs = elapsed()
        if (plan.untilResponse) finish()
      }
    })
    socket.on('end', () => closed('end'))
    socket.on('close', () => closed('end'))
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return closed('reset')
      error = err.code ?? err.message
      finish()
    })
    socket.on('connect', () => {
      const quiet = plan.quietOnAnswer ?? true
      const sender: Sender = {
        stopped: () => done || closedAfterMs !== null || (quiet && answeredAfterMs !== null),
        write: (bytes) => {
          if (socket.destroyed || !socket.writable) return
          socket.write(bytes)
          sentBytes += Buffer.byteLength(bytes)
        },
        pause: sleep,
      }
      plan.send(sender).then(
        (all) => (finishedSending = all),
        () => finish(),
      )
      onSocket?.(socket, finish)
    })
  })
}

/**
 * A slowloris: the request line and headers one byte every `byteEveryMs`, headers without end,
 * never the empty line that finishes them. Stops sending when the server answers or closes.
 */
export async function slowloris(target: Target, options: { path?: string; byteEveryMs?: number; deadlineMs: number }): Promise<SlowOutcome> {
  const { path = '/', byteEveryMs = 20, deadlineMs } = options
  const outcome = await converse(target, {
    deadlineMs,
    untilResponse: true,
    async send(sender) {
      let head = `GET ${path} HTTP/1.1\r\nHost: ${hostHeader(target)}\r\n`
      for (let line = 1; !sender.stopped(); line++) {
        head += `X-Slow-${line}: ${'z'.repeat(line % 7 + 1)}\r\n`
        for (const byte of Buffer.from(head)) {
          if (sender.stopped()) return false
          sender.write(Buffer.of(byte))
          await sender.pause(byteEveryMs)
        }
        head = ''
      }
      return false
    },
  })
  return withoutExtra(outcome)
}

/**
 * A request whose head goes at once and whose body then trickles in: `pieceBytes` every
 * `pieceEveryMs`, never reaching the `declaredLength` it announced. Stops when the server answers or closes.
 */
export async function tricklingBody(
  target: Target,
  options: { method?: string; path: string; declaredLength: number; pieceBytes?: number; pieceEveryMs?: number; contentType?: string; deadlineMs: number },
): Promise<SlowOutcome> {
  const { method = 'POST', path, declaredLength, pieceBytes = 1, pieceEveryMs = 20, contentType = 'application/octet-stream', deadlineMs } = options
  const outcome = await converse(target, {
    deadlineMs,
    untilResponse: true,
    async send(sender) {
      sender.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostHeader(target)}\r\nContent-Type: ${contentType}\r\nContent-Length: ${declaredLength}\r\n\r\n`)
      // Always one byte short of what was announced: the body never arrives whole.
      for (let sent = 0; sent + pieceBytes < declaredLength; sent += pieceBytes) {
        await sender.pause(pieceEveryMs)
        if (sender.stopped()) return false
        sender.write(Buffer.alloc(pieceBytes, 0x61))
      }
      return false
    },
  })
  return withoutExtra(outcome)
}

/**
 * One ordinary request on a new connection (HTTP/1.1 keeps it alive by default), then silence:
 * how long after its response does the server close the idle connection?
 */
export async function idleAfterResponse(target: Target, options: { path?: string; deadlineMs: number }): Promise<IdleOutcome> {
  const { path = '/', deadlineMs } = options
  const outcome = await converse(target, {
    deadlineMs,
    async send(sender) {
      sender.write(`GET ${path} HTTP/1.1\r\nHost: ${hostHeader(target)}\r\n\r\n`)
      return true
    },
  })
  const { respondedAfterMs, closedAfterMs } = outcome
  return {
    ...outcome,
    idleBeforeCloseMs: respondedAfterMs !== null && closedAfterMs !== null ? closedAfterMs - respondedAfterMs : null,
  }
}

/** Raw bytes at once (a malformed request, say), then everything the server sends until it closes or the deadline. */
export async function sendRaw(target: Target, bytes: Buffer | string, options: { deadlineMs: number }): Promise<SlowOutcome> {
  const outcome = await converse(target, {
    deadlineMs: options.deadlineMs,
    quietOnAnswer: false,
    async send(sender) {
      sender.write(bytes)
      return true
    },
  })
  return withoutExtra(outcome)
}

/**
 * A GET whose client leaves before its answer: `leave()` closes the connection (as a browser tab
 * closed mid-request does). `outcome` resolves once it has left (or at the deadline).
 */
export function leavingClient(target: Target, options: { path: string; deadlineMs: number }): { leave(): void; outcome: Promise<SlowOutcome> } {
  let leave: () => void = () => {}
  let leaveEarly = false
  const outcome = converse(
    target,
    {
      deadlineMs: options.deadlineMs,
      quietOnAnswer: false,
      async send(sender) {
        sender.write(`GET ${options.path} HTTP/1.1\r\nHost: ${hostHeader(target)}\r\n\r\n`)
        return true
      },
    },
    (_socket, finish) => {
      leave = finish
      if (leaveEarly) finish()
    },
  ).then(withoutExtra)
  return {
    leave: () => {
      leaveEarly = true
      leave()
    },
    outcome,
  }
}

/** `127.0.0.1:3000`, or `[::1]:3000` for an IPv6 address. */
const hostHeader = (target: Target) => (target.host.includes(':') ? `[${target.host}]` : target.host) + `:${target.port}`

function withoutExtra(outcome: SlowOutcome & { respondedAfterMs: number | null }): SlowOutcome {
  const { respondedAfterMs: _, ...rest } = outcome
  return rest
}

/**
 * The first response in `bytes`: status line, headers and as much body as its framing says
 * (`Content-Length`, chunked, or everything until the close). Null without a whole HTTP head.
 */
export function parseResponse(bytes: Buffer, closed: boolean): RawResponse | null {
  const headEnd = bytes.indexOf('\r\n\r\n')
  if (headEnd < 0) return null
  const [statusLine = '', ...lines] = bytes.subarray(0, headEnd).toString('latin1').split('\r\n')
  const match = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(statusLine)
  if (!match) return null
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  const status = Number(match[1])
  const head = { status, statusMessage: match[2] ?? '', headers }
  const rest = bytes.subarray(headEnd + 4)
  if (status === 204 || status === 304 || status < 200) return { ...head, body: Buffer.alloc(0), complete: true }
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) return { ...head, ...decodeChunked(rest) }
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length'])
    if (Number.isInteger(length) && length >= 0) return { ...head, body: rest.subarray(0, length), complete: rest.length >= length }
  }
  return { ...head, body: rest, complete: closed }
}

function decodeChunked(bytes: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim(), 16)
    if (!Number.isInteger(size) || size < 0) break
    if (size === 0) return { body: Buffer.concat(parts), complete: true }
    const start = lineEnd + 2
    if (bytes.length < start + size + 2) {
      parts.push(bytes.subarray(start, Math.min(bytes.length, start + size)))
      break
    }
    parts.push(bytes.subarray(start, start + size))
    at = start + size + 2
  }
  return { body: Buffer.concat(parts), complete: false }
}

/** What came back, in words: for failure messages. */
export function describeOutcome(outcome: SlowOutcome): string {
  if (outcome.error) return `the connection failed (${outcome.error})`
  const parts: string[] = []
  if (outcome.response) {
    const { status, statusMessage } = outcome.response
    parts.push(`the server answered ${status}${statusMessage ? ` ${statusMessage}` : ''} after ${outcome.answeredAfterMs} ms`)
  } else if (outcome.received.length) {
    parts.push(`the server sent ${outcome.received.length} bytes that are not an HTTP response (${JSON.stringify(outcome.received.subarray(0, 60).toString('latin1'))}) after ${outcome.answeredAfterMs} ms`)
  } else {
    parts.push('no answer came')
  }
  if (outcome.closedAfterMs !== null) {
    parts.push(`${outcome.closedBy === 'reset' ? 'the server reset the connection' : 'the server closed the connection'} after ${outcome.closedAfterMs} ms`)
  } else {
    parts.push(`the connection was still open after ${outcome.watchedMs} ms`)
  }
  return parts.join('; ')
}

/** The first response's body as text, or null. */
export const rawBodyText = (outcome: SlowOutcome) => outcome.response?.body.toString('utf8') ?? null
