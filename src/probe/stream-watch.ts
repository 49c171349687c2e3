/**
 * Watches the writable side of responses and sockets for two mistakes Node lets pass in
 * silence: writing to a client that has gone (`write-after-close`: a timer or a source never
 * stopped; the bytes are dropped) and writing on after `write()` returned `false` until over
 * 1 MiB is queued (`ignored-backpressure`: memory grows with a slow reader). Each is reported
 * once per response or socket, then Node does exactly what it would have done.
 */
import http from 'node:http'
import net from 'node:net'
import { report } from './channel.ts'
import { BACKPRESSURE_BYTES, type SourceLocation } from './events.ts'
import { requestOf } from './request-registry.ts'

type Locate = (stack: string | undefined) => SourceLocation | null
type Writable = { destroyed: boolean; writableLength: number; writableNeedDrain: boolean; socket?: net.Socket | null }

const reported = new WeakMap<object, Set<string>>()
/**
 * Sockets whose 'close' has been emitted. A connection can be destroyed (a client's reset met
 * while writing) a moment before 'close' comes, and until then Node 24's `res.write()` still
 * returns true: a program learns that its client has gone only from 'close', so only writes made
 * after it count.
 */
const closeEmitted = new WeakSet<object>()


export function watchStreams(locate: Locate): void {
  const flag = (target: object, code: 'write-after-close' | 'ignored-backpressure', detail: string) => {
    const seen = reported.get(target) ?? new Set<string>()
    if (seen.has(code)) return
    // Only writes the learner's code made: Node's own housekeeping writes are not theirs.
    const where = locate(new Error().stack)
    if (!where) return
    seen.add(code)
    reported.set(target, seen)
    const tracked = target instanceof http.ServerResponse ? requestOf(target) : null
    const on = tracked ? ` on ${tracked.method} ${tracked.url}` : ''
    report({ t: 'mistake', code, detail: detail + on, requestId: tracked?.id ?? null, where })
  }

  type Write = (...args: never[]) => unknown
  const watched = (original: Write, what: string, gone: (target: Writable) => boolean, skip = (_target: Writable) => false) =>
    function write(this: Writable, chunk: unknown, ...rest: unknown[]) {
      if (hasBytes(chunk) && !skip(this)) {
        if (gone(this)) flag(this, 'write-after-close', `${what}.write() was called after the client had gone`)
        // writableNeedDrain: an earlier write() returned false and 'drain' has not come yet.
        else if (this.writableNeedDrain && this.writableLength > BACKPRESSURE_BYTES) {
          flag(this, 'ignored-backpressure', `${what}.write() went on after it returned false: ${this.writableLength} bytes were queued, waiting for 'drain'`)
        }
      }
      return original.call(this, chunk as never, ...(rest as never[]))
    } as Write
  const watchWrite = (proto: { write: Write }, what: string, gone: (target: Writable) => boolean, skip?: (target: Writable) => boolean) => {
    proto.write = watched(proto.write, what, gone, skip)
  }

  // A response's client is gone once the response has emitted 'close' before it ended
  // (`res.closed` turns true just as 'close' is emitted: the moment the program is told).
  const responseGone = (res: http.ServerResponse) => res.closed && !res.writableEnded
  watchWrite(http.ServerResponse.prototype as never, 'res', (res) => responseGone(res as unknown as http.ServerResponse))
  // An HTTP connection's socket is written by its response, which is watched above. A plain
  // socket's client is gone once its 'close' was emitted (the program could know by then).
  const socketGone = (socket: Writable) => socket.destroyed && closeEmitted.has(socket)
  const httpSocket = (socket: Writable) => '_httpMessage' in socket
  watchWrite(net.Socket.prototype as never, 'socket', socketGone, httpSocket)
  // Once the client has ended its side, Node gives the socket a `write` of its own (writeAfterFIN,
  // with allowHalfOpen false, the default), which the prototype's never sees: every later write
  // of a timer that was never stopped goes through it. Watch the one Node assigns as well.
  const socketWrite = net.Socket.prototype.write as Write
  Object.defineProperty(net.Socket.prototype, 'write', {
    configurable: true,
    get: () => socketWrite,
    set(this: net.Socket, replacement: unknown) {
      const value = typeof replacement === 'function' ? watched(replacement as Write, 'socket', socketGone, httpSocket) : replacement
      Object.defineProperty(this, 'write', { value, writable: true, configurable: true, enumerable: true })
    },
  })

  const socketParent = Object.getPrototypeOf(net.Socket.prototype) as { emit: (...args: unknown[]) => boolean }
  Object.defineProperty(net.Socket.prototype, 'emit', {
    configurable: true,
    writable: true,
    value: function emit(this: net.Socket, name: string | symbol, ...args: unknown[]) {
      if (name === 'close') closeEmitted.add(this)
      return socketParent.emit.call(this, name, ...args)
    },
  })

  const originalEnd = http.ServerResponse.prototype.end
  http.ServerResponse.prototype.end = function end(this: http.ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (hasBytes(chunk) && responseGone(this)) {
      flag(this, 'write-after-close', 'res.end() was given data after the client had gone')
    }
    return originalEnd.call(this, chunk as never, ...(rest as [never]))
  } as typeof originalEnd
}

const hasBytes = (chunk: unknown) => (typeof chunk === 'string' || chunk instanceof Uint8Array) && chunk.length > 0
