/**
 * Puts a check's timeline together: the client's events (client-trace.ts: each exchange, and
 * each raw TCP conversation's transcript) and the server's (the probe's `trace` events) on one
 * clock, each server request matched to the exchange that sent it.
 *
 * Both processes stamp with `performance.timeOrigin + performance.now()`: the same machine's
 * clock read in two processes agrees to a few microseconds, well under the time a request takes
 * to cross the loopback, so the two sides interleave as they happened. (Times relative to each
 * side's own receipt of the request would need a guess at that crossing time to line up.) In
 * case the clocks ever disagree, a server request is never shown before its client sent it.
 */
import { relative } from 'node:path'
import type { Exchange } from '../dsl/exchange.ts'
import type { ProbeEvent, TraceRecord } from '../probe/events.ts'
import { clientTraceOf, conversationEvents, type ClientEvent, type Conversation } from '../dsl/client-trace.ts'
import type { TimelineEvent } from './timeline.ts'

/** One client side of the check: an HTTP exchange, or a raw TCP conversation. */
type ClientSide = { startedAt: number; events: ClientEvent[]; localPort: number | null; requestLine: string | null }

export type TimelineSources = { exchanges: readonly Exchange[]; conversations: readonly Conversation[]; events: readonly ProbeEvent[] }

export function buildTimeline({ exchanges, conversations, events }: TimelineSources, exerciseDir: string): TimelineEvent[] {
  const sides: ClientSide[] = [
    ...exchanges.flatMap((exchange) => {
      const trace = clientTraceOf(exchange)
      return trace ? [{ startedAt: trace.startedAt, events: trace.events, localPort: trace.localPort, requestLine: `${exchange.request.method} ${exchange.request.path} ` }] : []
    }),
    ...conversations.map((conversation) => ({ startedAt: conversation.startedAt, events: conversationEvents(conversation), localPort: null, requestLine: null })),
  ].sort((a, b) => a.startedAt - b.startedAt)

  const byRequest = new Map<number, TraceRecord[]>()
  for (const record of events.flatMap((event) => (event.t === 'trace' ? event.events : []))) {
    const list = byRequest.get(record.id) ?? []
    list.push(record)
    byRequest.set(record.id, list)
  }

  type Stamped = Omit<TimelineEvent, 'at'> & { at: number; exchange: number }
  const stamped: Stamped[] = []
  sides.forEach((side, index) => {
    for (const event of side.events) stamped.push({ at: event.at, side: 'client', kind: event.kind, text: event.text, exchange: index })
  })
  const sideOf = matchRequests(byRequest, sides)
  for (const [id, list] of byRequest) {
    const index = sideOf.get(id)!
    const sent = sides[index]?.events.find((event) => event.kind === 'request')?.at
    const received = list.find((record) => record.kind === 'request')?.at
    const shift = sent !== undefined && received !== undefined ? Math.max(0, sent - received) : 0
    for (const record of list) {
      stamped.push({
        at: record.kind === 'connect' && record.nth === 1 ? record.at : record.at + shift,
        side: 'server',
        kind: record.kind,
        text: record.text,
        ...(record.where ? { where: `${relative(exerciseDir, record.where.file) || record.where.file}:${record.where.line}` } : {}),
        exchange: index,
      })
    }
  }

  const origin = Math.min(...sides.map((side) => side.startedAt), ...stamped.map((event) => event.at))
  const several = new Set(stamped.map((event) => event.exchange)).size > 1
  return stamped
    .sort((a, b) => a.at - b.at)
    .map(({ at, exchange, ...event }) => ({ at: Math.round((at - origin) * 100) / 100, ...event, ...(several ? { exchange } : {}) }))
}

/**
 * Which client side each server request belongs to: the exchange whose connection it came on
 * (the client's port, and the how-manieth request on that connection); else a conversation
 * going on when it arrived; else the first exchange with the same method and path not yet
 * matched; else a number of its own, after the others.
 */
function matchRequests(byRequest: Map<number, TraceRecord[]>, sides: ClientSide[]): Map<number, number> {
  const onConnection = new Map<string, number>()
  const perPort = new Map<number, number>()
  sides.forEach((side, index) => {
    if (side.localPort === null) return
    const nth = (perPort.get(side.localPort) ?? 0) + 1
    perPort.set(side.localPort, nth)
    onConnection.set(`${side.localPort}:${nth}`, index)
  })
  const taken = new Set<number>()
  const result = new Map<number, number>()
  const unmatched: number[] = []
  for (const [id, list] of byRequest) {
    const connect = list.find((record) => record.kind === 'connect')
    const index = connect ? onConnection.get(`${connect.peerPort}:${connect.nth}`) : undefined
    if (index !== undefined && !taken.has(index)) {
      taken.add(index)
      result.set(id, index)
    } else unmatched.push(id)
  }
  let extra = sides.length
  for (const id of unmatched) {
    const request = byRequest.get(id)!.find((record) => record.kind === 'request')
    const during = sides.findIndex((side) => side.requestLine === null && request && request.at >= side.startedAt && request.at <= (side.events.at(-1)?.at ?? side.startedAt) + 1)
    if (during >= 0) {
      result.set(id, during)
      continue
    }
    const index = sides.findIndex((side, i) => !taken.has(i) && side.requestLine !== null && request?.text.startsWith(side.requestLine))
    if (index >= 0) taken.add(index)
    result.set(id, index >= 0 ? index : extra++)
  }
  return result
}
