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
    return originalWrite.call(this, chunk as never, ...(rest as [never]))
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
    return originalEnd.call(this, chunk as never, ...(rest as [never]))
  } as typeof originalEnd

  for (const method of ['setHeader', 'writeHead', 'appendHeader', 'removeHeader'] as const) {
    const original = proto[method] as (...args: unknown[]) => unknown
    if (typeof original !== 'function') continue
    ;(proto as unknown as Record<string, unknown>)[method] = function headerCall(this: ServerResponse, ...args: unknown[]) {
      try {
        return original.apply(this, args)
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_HTTP_HEADERS_SENT') {
          flag(this, 'headers-after-body', `res.${method}() was called after the body had started`)
        }
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
      this[statusSlot] = value
    },
  })
}

const isBodyChunk = (chunk: unknown) => typeof chunk === 'string' || chunk instanceof Uint8Array
const byteLength = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length)

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value} (${String(value)})`
}
