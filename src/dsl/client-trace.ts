/**
 * What the checks' client did and saw during one exchange, for the timeline: the connection (new
 * or kept alive), the request going out, its body pieces, the response's head and end, the
 * socket closing. Stamped on the clock the learner's process uses too (see src/probe/trace.ts).
 * A handful of listeners and timestamps per exchange: cheap enough to keep always.
 */
import type http from 'node:http'
import type net from 'node:net'
import type { Exchange } from './exchange.ts'
import type { TranscriptEntry } from './tcp-client.ts'
import { endsInsideCharacter } from './utf8-edge.ts'

export type ClientEventKind = 'connect' | 'request' | 'body-chunk' | 'response' | 'end' | 'close'
export type ClientEvent = { at: number; kind: ClientEventKind; text: string }

/** Body pieces shown one by one; past this they are counted. */
const MAX_PIECES = 24

export class ClientTrace {
  readonly startedAt = now()
  readonly events: ClientEvent[] = []
  /** The client's end of the connection: how the server's side of it is recognised. */
  localPort: number | null = null
  private pieces = 0
  private pieceBytes = 0
  /** Pieces written before the request had its socket: they go out once it has. */
  private queued: string[] | null = []

  constructor(request: http.ClientRequest, method: string, path: string) {
    request.once('socket', (socket) => {
      const sending = () => {
        this.localPort = socket.localPort ?? null
        current.set(socket, this)
        this.add('request', `${method} ${path} HTTP/1.1`)
        for (const text of this.queued ?? []) this.add('body-chunk', text)
        this.queued = null
      }
      watchClose(socket)
      if (socket.connecting) {
        socket.once('connect', () => {
          this.add('connect', 'new connection')
          sending()
        })
      } else {
        this.add('connect', 'same connection as the last request (kept alive)')
        sending()
      }
    })
    request.once('response', (res) => this.add('response', `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}`.trimEnd()))
  }

  add(kind: ClientEventKind, text: string, at = now()): void {
    this.events.push({ at, kind, text })
  }

  /** A piece of the request body went out. */
  piece(bytes: Uint8Array): void {
    this.pieces++
    this.pieceBytes += bytes.length
    if (this.pieces > MAX_PIECES) return
    const text = `body piece ${bytes.length} B${endsInsideCharacter(bytes) ? ' (ends inside a multi-byte character)' : ''}`
    if (this.queued) this.queued.push(text)
    else this.add('body-chunk', text)
  }

  /** The whole request body went out (after pieces). */
  bodySent(): void {
    if (this.pieces > MAX_PIECES) this.add('body-chunk', `… ${this.pieces - MAX_PIECES} more pieces; ${this.pieceBytes} B sent in all`)
  }

  responseEnded(bytes: number): void {
    this.add('end', `response complete: ${bytes} B body`)
  }

  gaveUp(error: Exchange['error']): void {
    if (error) this.add('close', `gave up waiting: ${error.message} (${error.code})`)
  }
}

/** The exchange each socket is carrying now: its 'close' belongs to that one's timeline. */
const current = new WeakMap<net.Socket, ClientTrace>()
const watched = new WeakSet<net.Socket>()
function watchClose(socket: net.Socket): void {
  if (watched.has(socket)) return
  watched.add(socket)
  socket.once('close', () => current.get(socket)?.add('close', 'connection closed'))
}

/** A raw TCP conversation (`t.talk`): its transcript, and when it began on the shared clock. */
export type Conversation = { startedAt: number; entries: readonly TranscriptEntry[] }

/** A conversation's transcript as the client's side of the timeline: what it sent, received, noticed. */
export function conversationEvents(conversation: Conversation): ClientEvent[] {
  return conversation.entries.map((entry) => ({
    at: conversation.startedAt + entry.atMs,
    kind: entry.kind === 'sent' ? 'request' : entry.kind === 'received' ? 'response' : entry.text.startsWith('connected') ? 'connect' : 'close',
    text: entry.kind === 'sent' ? `sent ${entry.text}` : entry.kind === 'received' ? `received ${entry.text}` : entry.text,
  }))
}

const traces = new WeakMap<Exchange, ClientTrace>()
export function attachClientTrace<T extends Exchange>(exchange: T, trace: ClientTrace): T {
  traces.set(exchange, trace)
  return exchange
}
export const clientTraceOf = (exchange: Exchange): ClientTrace | undefined => traces.get(exchange)

/** The clock the probe stamps with too: the same on both sides of the machine. */
export const now = () => performance.timeOrigin + performance.now()
