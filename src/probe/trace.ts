/**
 * The timeline of each request as the learner's server lived it (only with `--trace`, or when a
 * failure's timeline is wanted): the connection, the request, body chunks, each call on the
 * response, its finish and the socket's close. Events are kept in memory and sent in one `trace`
 * event at a time (when a response finishes or is cut off, at each heartbeat, before a crash),
 * not one per event. Off, every hook is one test of a boolean.
 */
import type net from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { report } from './channel.ts'
import { endsInsideCharacter } from '../dsl/utf8-edge.ts'
import type { SourceLocation, TraceKind, TraceRecord } from './events.ts'

type Locate = (stack: string | undefined) => SourceLocation | null

/** Chunks and writes recorded one by one per request; past this they are counted, and told once. */
const MAX_EACH = 24

export let tracing = false
let locate: Locate = () => null
let pending: TraceRecord[] = []

type Connection = { id: number; at: number; peerPort: number; requests: number; lastRequest: number | null }
const connections = new WeakMap<net.Socket, Connection>()
let nextConnection = 1

type Counts = { chunks: number; chunkBytes: number; quietChunks: number; quietChunkBytes: number; writes: number; quietWrites: number; quietWriteBytes: number; lastWriteOk: boolean }
const counts = new WeakMap<object, Counts>()

/** One clock for both processes: the runner stamps its client's events the same way. */
export const now = () => Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000

export function startTracing(locator: Locate): void {
  tracing = true
  locate = locator
  process.once('exit', flushTrace)
}

function add(id: number, kind: TraceKind, text: string, where: SourceLocation | null = null, at = now(), extra: Partial<TraceRecord> = {}): void {
  pending.push({ id, at, kind, text, ...(where ? { where } : {}), ...extra })
}

/** Sends what was recorded since the last time, if anything. */
export function flushTrace(): void {
  if (!pending.length) return
  const events = pending
  pending = []
  report({ t: 'trace', events })
}

export function traceConnection(socket: net.Socket): void {
  if (connections.has(socket)) return
  const connection: Connection = { id: nextConnection++, at: now(), peerPort: socket.remotePort ?? 0, requests: 0, lastRequest: null }
  connections.set(socket, connection)
  socket.once('close', () => {
    if (connection.lastRequest !== null) add(connection.lastRequest, 'close', 'connection closed')
  })
}

export function traceRequest(id: number, req: IncomingMessage): void {
  const socket = req.socket
  if (socket && !connections.has(socket)) traceConnection(socket)
  const connection = socket ? connections.get(socket) : undefined
  const at = now()
  if (connection) {
    connection.requests++
    connection.lastRequest = id
    const link = { connection: connection.id, peerPort: connection.peerPort, nth: connection.requests }
    if (connection.requests === 1) add(id, 'connect', 'new connection', null, connection.at, link)
    else add(id, 'connect', `same connection, request ${connection.requests} on it (kept alive)`, null, at, link)
  }
  add(id, 'request', `${req.method} ${req.url} HTTP/${req.httpVersion}`, null, at)
}

export function traceChunk(id: number | null, req: IncomingMessage, chunk: unknown): void {
  if (id === null || !(chunk instanceof Uint8Array || typeof chunk === 'string')) return
  const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
  const count = countsOf(req)
  count.chunks++
  count.chunkBytes += size
  if (count.chunks > MAX_EACH) {
    count.quietChunks++
    count.quietChunkBytes += size
    return
  }
  const split = chunk instanceof Uint8Array && endsInsideCharacter(chunk)
  add(id, 'body-chunk', `body chunk ${size} B${split ? ' (ends inside a multi-byte character)' : ''}`)
}

export function traceBodyEnd(id: number | null, req: IncomingMessage): void {
  if (id === null) return
  const count = countsOf(req)
  if (count.quietChunks) add(id, 'body-chunk', `… ${count.quietChunks} more chunks, ${count.quietChunkBytes} B`)
  if (count.chunks) add(id, 'body-chunk', `body complete: ${count.chunkBytes} B in ${count.chunks} ${count.chunks === 1 ? 'chunk' : 'chunks'}`)
}

/** A call on the response (`setHeader`, `writeHead`, a status set, `end`), where the learner made it; `at`: when the call began. */
export function traceCall(id: number | null, kind: TraceKind, text: string, at = now()): void {
  if (id !== null) add(id, kind, text, locate(new Error().stack), at)
}

export function traceWrite(id: number | null, res: ServerResponse, size: number, ok: boolean, afterEnd: boolean, at: number): void {
  if (id === null) return
  const count = countsOf(res)
  count.writes++
  // Past the first few, only a change of answer (full, or room again) is worth its own line.
  if (count.writes > MAX_EACH && ok === count.lastWriteOk && !afterEnd) {
    count.quietWrites++
    count.quietWriteBytes += size
    return
  }
  count.lastWriteOk = ok
  if (count.quietWrites) quietWrites(id, count)
  const answer = ok ? 'true' : 'false (buffer full: wait for drain)'
  add(id, 'write', `write ${size} B → ${answer}${afterEnd ? ' after end' : ''}`, locate(new Error().stack), at)
}

export function traceFinish(res: ServerResponse, id: number, bodyBytes: number): void {
  const count = counts.get(res)
  if (count?.quietWrites) quietWrites(id, count)
  add(id, 'finish', `response finished: ${res.statusCode}, ${bodyBytes} B body`)
  flushTrace()
}

export function traceCutOff(id: number, headersSent: boolean): void {
  add(id, 'close', `response cut off: closed before res.end()${headersSent ? '' : ' (nothing had been sent)'}`)
  flushTrace()
}

/** A call on the response that threw, where the learner made it. */
export function traceThrow(id: number | null, method: string, error: unknown): void {
  if (id === null) return
  const code = (error as { code?: unknown })?.code
  add(id, 'threw', `res.${method}() threw ${typeof code === 'string' ? code : (error as Error)?.name ?? 'an error'}`, locate(new Error().stack))
}

/** The program is crashing: where, on each request it was serving (or the last one it served). */
export function traceUncaught(ids: number[], text: string, where: SourceLocation | null): void {
  for (const id of ids) add(id, 'threw', text, where)
}

function quietWrites(id: number, count: Counts): void {
  add(id, 'write', `… ${count.quietWrites} more writes, ${count.quietWriteBytes} B, each → ${count.lastWriteOk}`)
  count.quietWrites = 0
  count.quietWriteBytes = 0
}

function countsOf(target: object): Counts {
  let count = counts.get(target)
  if (!count) {
    count = { chunks: 0, chunkBytes: 0, quietChunks: 0, quietChunkBytes: 0, writes: 0, quietWrites: 0, quietWriteBytes: 0, lastWriteOk: true }
    counts.set(target, count)
  }
  return count
}
