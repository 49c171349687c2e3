/** Per-request bookkeeping inside the learner's process: ids, body chunks seen, in-flight set. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { report } from './channel.ts'
import { traceCutOff, traceFinish, traceRequest, tracing } from './trace.ts'

export type TrackedRequest = {
  id: number
  method: string
  url: string
  req: IncomingMessage
  res: ServerResponse
  /** The 'request' listeners have all returned. */
  handled: boolean
  dataEvents: number
  bodyBytes: number
  startedAt: number
}

const byRequest = new WeakMap<IncomingMessage, TrackedRequest>()
const byResponse = new WeakMap<ServerResponse, TrackedRequest>()
const inFlight = new Set<TrackedRequest>()
let nextId = 1
let latest: TrackedRequest | null = null

export function trackRequest(req: IncomingMessage, res: ServerResponse): void {
  const tracked: TrackedRequest = {
    id: nextId++,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    req,
    res,
    handled: false,
    dataEvents: 0,
    bodyBytes: 0,
    startedAt: performance.now(),
  }
  byRequest.set(req, tracked)
  byResponse.set(res, tracked)
  inFlight.add(tracked)
  latest = tracked
  if (tracing) traceRequest(tracked.id, req)
  report({ t: 'request', id: tracked.id, method: tracked.method, url: tracked.url, at: Date.now() })

  res.once('finish', () => {
    inFlight.delete(tracked)
    const contentType = res.getHeader('content-type')
    if (tracing) traceFinish(res, tracked.id, bodyBytesOf(res))
    report({
      t: 'response',
      id: tracked.id,
      method: tracked.method,
      url: tracked.url,
      status: res.statusCode,
      contentType: contentType === undefined ? null : String(contentType),
      bodyBytes: bodyBytesOf(res),
      requestComplete: req.complete,
      requestDataEvents: tracked.dataEvents,
      at: Date.now(),
    })
    if (!req.complete) reportBodyOver(tracked)
  })
  res.once('close', () => {
    if (!inFlight.delete(tracked)) return
    if (tracing) traceCutOff(tracked.id, res.headersSent)
    report({ t: 'closed-unfinished', id: tracked.id, method: tracked.method, url: tracked.url, headersSent: res.headersSent })
  })
}

/**
 * A request answered before its body had all arrived: say when the body ends or is cut off. The
 * runner waits for this before judging, because what the handler does once the body is in (end
 * the response a second time, say) is part of the answer. Listening from here, after the
 * learner's own 'end' listeners, means theirs have run by the time this is reported.
 */
function reportBodyOver(tracked: TrackedRequest): void {
  const { req } = tracked
  let reported = false
  const over = () => {
    if (reported) return
    reported = true
    report({ t: 'body-after-response', id: tracked.id, complete: req.complete })
  }
  if (req.readableEnded || req.destroyed) return over()
  req.once('end', over)
  req.once('close', over)
}

/** The server's 'request' listeners have returned (a `request` event is emitted synchronously). */
export function markHandled(req: IncomingMessage): void {
  const tracked = byRequest.get(req)
  if (tracked) tracked.handled = true
}

/**
 * Requests in flight that only the program itself could still answer: received whole (or with
 * no body to come), their handler returned, their response not ended. When the program is idle,
 * nothing will.
 */
export function unansweredRequests(): number[] {
  return [...inFlight].flatMap((tracked) => (tracked.handled && tracked.req.complete && !tracked.res.writableEnded ? [tracked.id] : []))
}

export const requestsInFlight = () => inFlight.size

export function countDataChunk(req: IncomingMessage, chunk: unknown): void {
  const tracked = byRequest.get(req)
  if (!tracked) return
  tracked.dataEvents++
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) tracked.bodyBytes += chunk.length
}

/** The newest request's id, or null before the first. */
export const latestRequestId = () => latest?.id ?? null

export const requestOf = (res: ServerResponse) => byResponse.get(res) ?? null
export const requestIdOfIncoming = (req: IncomingMessage) => byRequest.get(req)?.id ?? null

export function inFlightRequests() {
  return [...inFlight].map((tracked) => ({
    id: tracked.id,
    method: tracked.method,
    url: tracked.url,
    requestComplete: tracked.req.complete,
    requestDataEvents: tracked.dataEvents,
  }))
}

/**
 * The request being served since `since` (a performance.now() time), as a label: one still in
 * flight, or one that started after `since`. Null when the program was not serving anything,
 * e.g. while its modules were still loading.
 */
export function requestServedSince(since: number): string | null {
  const serving = inFlight.size > 0 ? [...inFlight].at(-1)! : latest && latest.startedAt >= since ? latest : null
  return serving ? `${serving.method} ${serving.url}` : null
}

// Response body bytes are counted by the response watch; kept here so one module owns the state.
const bodyBytes = new WeakMap<ServerResponse, number>()
export function addResponseBytes(res: ServerResponse, count: number): void {
  bodyBytes.set(res, (bodyBytes.get(res) ?? 0) + count)
}
const bodyBytesOf = (res: ServerResponse) => bodyBytes.get(res) ?? 0
