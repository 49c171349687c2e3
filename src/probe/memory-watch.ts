/**
 * Watches the program's memory. Every heartbeat carries its RSS and the bytes held in
 * ArrayBuffers (where Buffers live). For a request that announces a large body
 * (LARGE_BODY_BYTES or more in `Content-Length`), it measures what the program still holds when
 * the body has ended: memory in use just as the request arrived and again just before the
 * body's 'end' reaches the learner's listeners, each right after a garbage collection, so that
 * chunks already hashed or written on and merely not yet collected do not count, and chunks
 * kept do. The difference (ArrayBuffers plus the JavaScript heap, where a body kept as a string
 * lives) is reported with the peak RSS growth in between.
 *
 * A collection changes nothing a program can observe but time (a few milliseconds, twice per
 * large body); no other request is touched.
 */
import http from 'node:http'
import v8 from 'node:v8'
import vm from 'node:vm'
import { report } from './channel.ts'
import { LARGE_BODY_BYTES } from './events.ts'
import { requestIdOfIncoming } from './request-registry.ts'

type Measured = { inUse: number; rss: number; arrayBuffers: number; peakRss: number; bodyBytes: number }

/** Large bodies being received, keyed by their request. */
const large = new Map<http.IncomingMessage, Measured>()

/** One sample for the heartbeat; it also raises the peak RSS of every large body in flight. */
export function sampleMemory(): { rss: number; arrayBuffers: number } {
  const { rss, arrayBuffers } = process.memoryUsage()
  for (const [req, measured] of large) {
    if (req.destroyed) large.delete(req) // the client left before the body ended: nothing to report
    else measured.peakRss = Math.max(measured.peakRss, rss)
  }
  return { rss, arrayBuffers }
}

export function watchBodyMemory(): void {
  beforeEmit(http.Server.prototype, (_server, name, args) => {
    if (name !== 'request') return
    const req = args[0] as http.IncomingMessage
    const declared = Number(req.headers['content-length'])
    if (!Number.isSafeInteger(declared) || declared < LARGE_BODY_BYTES) return
    const now = inUseAfterCollecting()
    large.set(req, { ...now, peakRss: now.rss, bodyBytes: declared })
  })

  beforeEmit(http.IncomingMessage.prototype, (req, name) => {
    if (name !== 'end') return
    const before = large.get(req as http.IncomingMessage)
    if (!before) return
    large.delete(req as http.IncomingMessage)
    const after = inUseAfterCollecting()
    const incoming = req as http.IncomingMessage
    report({
      t: 'body-memory',
      requestId: requestIdOfIncoming(incoming),
      method: incoming.method ?? 'POST',
      url: incoming.url ?? '/',
      bodyBytes: before.bodyBytes,
      heldBytes: Math.max(0, after.inUse - before.inUse),
      arrayBuffersGrowth: after.arrayBuffers - before.arrayBuffers,
      peakRssGrowth: Math.max(before.peakRss, after.rss) - before.rss,
    })
  })
}

/** Runs `hook` before every `emit` on objects of `proto`, whoever wraps `emit` further up. */
function beforeEmit(proto: object, hook: (target: object, name: string | symbol, args: unknown[]) => void): void {
  const parent = Object.getPrototypeOf(proto) as { emit: (...args: unknown[]) => boolean }
  Object.defineProperty(proto, 'emit', {
    configurable: true,
    writable: true,
    value: function emit(this: object, name: string | symbol, ...args: unknown[]) {
      try {
        hook(this, name, args)
      } catch {
        // a measurement that failed must never break the learner's program
      }
      return parent.emit.call(this, name, ...args)
    },
  })
}

function inUseAfterCollecting() {
  collectGarbage()
  const { rss, arrayBuffers, heapUsed } = process.memoryUsage()
  return { inUse: arrayBuffers + heapUsed, rss, arrayBuffers }
}

let collect: (() => void) | null | undefined

/**
 * A full garbage collection. V8 exposes `gc` only behind a flag: the flag is set just long
 * enough to take the function from a fresh context, so the learner's globals never gain it.
 */
function collectGarbage(): void {
  if (collect === undefined) {
    const own = (globalThis as { gc?: unknown }).gc
    if (typeof own === 'function') collect = own as () => void
    else {
      try {
        v8.setFlagsFromString('--expose-gc')
        collect = vm.runInNewContext('gc') as () => void
      } catch {
        collect = null
      } finally {
        v8.setFlagsFromString('--no-expose-gc')
      }
    }
  }
  collect?.()
}
