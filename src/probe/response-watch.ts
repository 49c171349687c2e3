/**
 * Watches ServerResponse for the mistakes Node punishes late or not at all: a body that is not
 * a string or Buffer, writing or ending after `end()`, and headers or status set once the body
 * has begun. Every wrapper reports and then defers to Node, so the learner's program behaves
 * exactly as it would without us.
 *
 * Answering twice looks different depending on when and how (Node 20, 22 and 24 alike): a
 * second `writeHead`/`setHeader` throws ERR_HTTP_HEADERS_SENT; `end(data)` or `write(data)` run
 * in the same synchronous stretch as the first `end()` emits ERR_STREAM_WRITE_AFTER_END on the
 * response (a crash, with no 'error' listener); once the response is finished and destroyed
 * (for a small body, already by the next microtask) `end(data)` is dropped without a word and
 * `write(data)` only fails its callback; a bare `end()` is always ignored. All are reported here.
 */
import http, { type ServerResponse } from 'node:http'
import { report } from './channel.ts'
import { addResponseBytes, requestOf } from './request-registry.ts'
import type { SourceLocation } from './events.ts'
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import { now, traceCall, traceThrow, traceWrite, tracing } from './trace.ts'

type Locate = (stack: string | undefined) => SourceLocation | null

export function watchResponses(locate: Locate): void {
  const proto = http.ServerResponse.prototype
  const flag = (res: ServerResponse, code: DiagnosisCode, detail: string, silent = false) => {
    const tracked = requestOf(res)
    const on = tracked ? ` on ${tracked.method} ${tracked.url}` : ''
    report({ t: 'mistake', code, detail: detail + on, requestId: tracked?.id ?? null, where: locate(new Error().stack), ...(silent ? { silent } : {}) })
  }

  const originalWrite = proto.write
  proto.write = function write(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (this.writableEnded) flag(this, 'write-after-end', 'res.write() was called after res.end()', this.destroyed)
    else if (!isBodyChunk(chunk)) flag(this, 'invalid-body-type', `res.write() was given ${describe(chunk)}`)
    else addResponseBytes(this, byteLength(chunk))
    if (!tracing) return originalWrite.call(this, chunk as never, ...(rest as [never]))
    const afterEnd = this.writableEnded
    const at = now()
    const ok = traced(this, 'write', () => originalWrite.call(this, chunk as never, ...(rest as [never])))
    if (isBodyChunk(chunk)) traceWrite(requestOf(this)?.id ?? null, this, byteLength(chunk as string | Uint8Array), ok, afterEnd, at)
    return ok
  } as typeof originalWrite

  const originalEnd = proto.end
  proto.end = function end(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    const hasChunk = chunk !== undefined && chunk !== null && typeof chunk !== 'function'
    if (this.writableEnded) {
      // Node tests `if (chunk)`: end('') is a bare end(), ignored once ended; end(data) is not.
      const bare = !hasChunk || chunk === ''
      const silent = bare || this.destroyed
      flag(this, 'write-after-end', `res.end(${bare ? '' : 'data'}) was called a second time${silent ? ' (Node ignores it without an error)' : ''}`, silent)
    } else if (hasChunk && !isBodyChunk(chunk)) {
      flag(this, 'invalid-body-type', `res.end() was given ${describe(chunk)}`)
    } else if (hasChunk) {
      addResponseBytes(this, byteLength(chunk as string | Uint8Array))
    }
    if (!tracing) return originalEnd.call(this, chunk as never, ...(rest as [never]))
    const size = hasChunk && isBodyChunk(chunk) ? `${byteLength(chunk as string | Uint8Array)} B` : ''
    const again = this.writableEnded ? ' again (ignored)' : ''
    const at = now()
    const result = traced(this, 'end', () => originalEnd.call(this, chunk as never, ...(rest as [never])))
    traceCall(requestOf(this)?.id ?? null, 'end', `end(${size})${again}`, at)
    return result
  } as typeof originalEnd

  for (const method of ['setHeader', 'writeHead', 'appendHeader', 'removeHeader'] as const) {
    const original = proto[method] as (...args: unknown[]) => unknown
    if (typeof original !== 'function') continue
    ;(proto as unknown as Record<string, unknown>)[method] = function headerCall(this: ServerResponse, ...args: unknown[]) {
      try {
        if (!tracing) return original.apply(this, args)
        const result = method === 'writeHead' ? traced(this, method, () => original.apply(this, args)) : original.apply(this, args)
        if (!insideNode) traceCall(requestOf(this)?.id ?? null, method === 'writeHead' ? 'write-head' : 'set-header', describeHeaderCall(method, args))
        else if (method === 'writeHead' && insideNode === 1) traceCall(requestOf(this)?.id ?? null, 'status', `status ${this.statusCode} and headers go out`)
        return result
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_HTTP_HEADERS_SENT') {
          flag(this, 'headers-after-body', `res.${method}() was called after the body had started`)
        }
        if (tracing && !insideNode) traceThrow(requestOf(this)?.id ?? null, method, error)
        throw error
      }
    }
  }

  // Node silently ignores a status set after the head went out; the learner should hear of it.
  const statusSlot = Symbol('statusCode')
  const defaultStatus = proto.statusCode // Node keeps the default 200 on the prototype
  Object.defineProperty(proto, 'statusCode', {
    configurable: true,
    get(this: Record<symbol, number>) {
      return this[statusSlot] ?? defaultStatus
    },
    set(this: ServerResponse & Record<symbol, number>, value: number) {
      if (this.headersSent && value !== (this[statusSlot] ?? defaultStatus)) {
        flag(this, 'headers-after-body', `res.statusCode was set to ${value} after the status had gone out (Node ignores it)`, true)
      }
      if (tracing && !insideNode) traceCall(requestOf(this)?.id ?? null, 'status', `statusCode = ${value}${this.headersSent ? ' (too late: ignored)' : ''}`)
      this[statusSlot] = value
    },
  })
}

/**
 * How deep we are inside Node's own write/end/writeHead: the header calls and status Node makes
 * there (the head going out with the first write) are not the learner's.
 */
let insideNode = 0

/** Runs Node's method, telling the timeline where it threw. */
function traced<T>(res: ServerResponse, method: string, call: () => T): T {
  insideNode++
  try {
    return call()
  } catch (error) {
    if (insideNode === 1) traceThrow(requestOf(res)?.id ?? null, method, error)
    throw error
  } finally {
    insideNode--
  }
}

/** `setHeader content-type: text/plain`, `writeHead 404 {content-type: text/plain}`: short. */
function describeHeaderCall(method: string, args: unknown[]): string {
  const short = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    return text.length > 60 ? `${text.slice(0, 60)}…` : text
  }
  if (method === 'writeHead') {
    const headers = args.find((arg, index) => index > 0 && typeof arg === 'object' && arg !== null)
    const pairs = Array.isArray(headers)
      ? headers.flatMap((item, index, all) => (Array.isArray(item) ? [`${item[0]}: ${short(item[1])}`] : index % 2 === 0 ? [`${item}: ${short(all[index + 1])}`] : []))
      : Object.entries((headers ?? {}) as Record<string, unknown>).map(([name, value]) => `${name.toLowerCase()}: ${short(value)}`)
    return `writeHead ${String(args[0])}${pairs.length ? ` {${pairs.join(', ')}}` : ''}`
  }
  const name = String(args[0]).toLowerCase()
  return method === 'removeHeader' ? `removeHeader ${name}` : `${method} ${name}: ${short(args[1])}`
}

const isBodyChunk = (chunk: unknown) => typeof chunk === 'string' || chunk instanceof Uint8Array
const byteLength = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length)

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value} (${String(value)})`
}
