/**
 * Tells when the learner's program is idle: nothing pending that could ever run its code again
 * unless a client sends something. Then a response the handler left unfinished can never be
 * finished, and a line not printed yet never will be: the runner need not wait out a deadline.
 *
 * Idle is judged soundly, from Node's own list of what keeps the loop alive
 * (`process.getActiveResourcesInfo()`): any ref'd timer, immediate, fs request, DNS lookup,
 * outgoing socket, child process or worker means "busy". Left out as the program's own quiet
 * state: the listening servers, the sockets they accepted (unless one has a timeout set, which
 * can end a response), and stdio. Node does not list work on its thread pool (zlib, crypto's
 * callback forms) nor unref'd timers, so those are followed here. A promise that nothing can
 * settle (`await new Promise(() => {})`) holds nothing: it is rightly idle.
 */
import crypto from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import zlib from 'node:zlib'

/** Crypto jobs on the thread pool whose callback has not run yet. */
let cryptoJobs = 0
/** Zlib streams that have been given data: one is busy while the thread pool works on a chunk. */
const zlibStreams = new Set<WeakRef<ZlibStream>>()
const seenZlib = new WeakSet<object>()
type ZlibStream = { _writableState?: { writing?: boolean }; destroyed?: boolean }
/** Timers the program unref'd: Node does not list them, yet their callback may end a response. */
const unrefTimers = new Set<WeakRef<NodeJS.Timeout>>()
/** The probe's own unref'd timers (the heartbeat). */
const ownTimers = new WeakSet<object>()

/** The callback forms of crypto that run on the thread pool. */
const CRYPTO_JOBS = ['pbkdf2', 'scrypt', 'randomBytes', 'randomFill', 'randomInt', 'generateKeyPair', 'generateKey', 'generatePrime', 'checkPrime', 'hkdf'] as const

export function watchIdleness(): void {
  const cryptoExports = crypto as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const name of CRYPTO_JOBS) {
    const original = cryptoExports[name]
    if (typeof original !== 'function') continue
    cryptoExports[name] = function cryptoJob(this: unknown, ...args: unknown[]) {
      const last = args.length - 1
      const callback = args[last]
      if (typeof callback !== 'function') return original.apply(this, args)
      cryptoJobs++
      let done = false
      args[last] = function jobDone(this: unknown, ...results: unknown[]) {
        if (!done) (done = true), cryptoJobs--
        return (callback as (...a: unknown[]) => unknown).apply(this, results)
      }
      try {
        return original.apply(this, args)
      } catch (error) {
        if (!done) (done = true), cryptoJobs-- // bad arguments throw before any job starts
        throw error
      }
    }
  }

  const zlibBase = Object.getPrototypeOf(Object.getPrototypeOf(zlib.Gzip.prototype)) as { _transform(this: ZlibStream, ...args: unknown[]): unknown }
  const originalTransform = zlibBase._transform
  zlibBase._transform = function transform(this: ZlibStream, ...args: unknown[]) {
    if (!seenZlib.has(this)) {
      seenZlib.add(this)
      zlibStreams.add(new WeakRef(this))
    }
    return originalTransform.apply(this, args)
  }

  const probe = setTimeout(() => {}, 0)
  clearTimeout(probe)
  const timerProto = Object.getPrototypeOf(probe) as { unref(this: NodeJS.Timeout): NodeJS.Timeout }
  const originalUnref = timerProto.unref
  timerProto.unref = function unref(this: NodeJS.Timeout) {
    if (!ownTimers.has(this) && !isConnectionsCheck(this)) unrefTimers.add(new WeakRef(this))
    return originalUnref.call(this)
  }
  syncBuiltinESMExports() // `import { pbkdf2 } from 'node:crypto'` gets the watched one too
}

/** Marks one of the probe's own timers, so that it never counts as the program's. */
export function ownTimer<T extends object>(timer: T): T {
  ownTimers.add(timer)
  return timer
}

/** True when nothing but a client's next bytes could run the program's code again. */
export function isIdle(): boolean {
  for (const resource of process.getActiveResourcesInfo()) {
    if (!QUIET_RESOURCES.has(resource)) return false
  }
  for (const handle of activeHandles()) {
    if (handle instanceof net.Server) continue
    if (handle instanceof net.Socket && (isStdio(handle) || (isAccepted(handle) && !answerTimeout(handle)))) continue
    return false
  }
  if (cryptoJobs > 0) return false
  for (const ref of zlibStreams) {
    const stream = ref.deref()
    if (!stream || stream.destroyed) zlibStreams.delete(ref)
    else if (stream._writableState?.writing) return false
  }
  for (const ref of unrefTimers) {
    const timer = ref.deref() as (NodeJS.Timeout & { _destroyed?: boolean }) | undefined
    if (!timer || timer._destroyed) unrefTimers.delete(ref)
    else return false
  }
  return true
}

/** What may be alive while the program waits only for its clients (each handle is checked below). */
const QUIET_RESOURCES = new Set(['TCPServerWrap', 'TCPSocketWrap', 'PipeWrap', 'TTYWrap'])

function activeHandles(): unknown[] {
  const list = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles
  // Without the list, the sockets cannot be told apart: never call the program idle.
  return typeof list === 'function' ? list.call(process) : [BUSY]
}
const BUSY = Symbol('busy')

const isStdio = (socket: net.Socket) => {
  const fd = (socket as unknown as { fd?: number; _handle?: { fd?: number } })._handle?.fd
  return (socket as unknown as { _isStdio?: boolean })._isStdio === true || (typeof fd === 'number' && fd >= 0 && fd <= 2)
}
const isAccepted = (socket: net.Socket) => Boolean((socket as unknown as { server?: unknown; _server?: unknown }).server ?? (socket as unknown as { _server?: unknown })._server)

/**
 * A timeout on a socket whose response is still open (`socket.setTimeout()`, `req.setTimeout`,
 * `res.setTimeout`, `server.timeout`): its callback may answer. The server's own keep-alive
 * timeout, set between requests, can only close the connection.
 */
function answerTimeout(socket: net.Socket): boolean {
  const response = (socket as unknown as { _httpMessage?: { writableEnded?: boolean } | null })._httpMessage
  if (!response || response.writableEnded) return false
  const key = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'timeout')
  const timer = key ? ((socket as unknown as Record<symbol, unknown>)[key] as { _destroyed?: boolean } | null | undefined) : null
  return Boolean(timer && !timer._destroyed)
}

/** The http server's own check of request and header timeouts (it only ever answers requests not yet received whole). */
function isConnectionsCheck(timer: NodeJS.Timeout): boolean {
  const callback = (timer as unknown as { _onTimeout?: { name?: string } })._onTimeout
  return callback?.name === 'bound checkConnections'
}
