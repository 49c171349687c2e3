/**
 * Puts a check's timeline together: the client's events (client-trace.ts) and the server's (the
 * probe's `trace` events) on one clock, each server request matched to the exchange that sent it.
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
import { clientTraceOf, type ClientTrace } from './client-trace.ts'
import type { TimelineEvent } from './timeline.ts'

type Stamped = Omit<TimelineEvent, 'at'> & { at: number }

export function buildTimeline(exchanges: readonly Exchange[], events: readonly ProbeEvent[], exerciseDir: string): TimelineEvent[] {
  const clients = exchanges.map((exchange) => clientTraceOf(exchange) ?? null)
  const records = events.flatMap((event) => (event.t === 'trace' ? event.events : []))
  const byRequest = new Map<number, TraceRecord[]>()
  for (const record of records) {
    const list = byRequest.get(record.id) ?? []
    list.push(record)
    byRequest.set(record.id, list)
  }

  const exchangeOf = matchRequests(byRequest, clients, exchanges)
  const stamped: Stamped[] = []
  clients.forEach((client, index) => {
    for (const event of client?.events ?? []) stamped.push({ at: event.at, side: 'client', kind: event.kind, text: event.text, exchange: index })
  })
  for (const [id, list] of byRequest) {
    const index = exchangeOf.get(id)!
    const sent = clients[index]?.events.find((event) => event.kind === 'request')?.at
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

  const origin = Math.min(...clients.flatMap((client) => (client ? [client.startedAt] : [])), ...stamped.map((event) => event.at))
  const several = new Set(stamped.map((event) => event.exchange)).size > 1
  return stamped
    .sort((a, b) => a.at - b.at)
    .map(({ at, exchange, ...event }) => ({ at: Math.round((at - origin) * 100) / 100, ...event, ...(several ? { exchange } : {}) }))
}

/**
 * Which exchange each server request belongs to: the one whose connection it came on (the
 * client's port, and the how-manieth request on that connection), else the first exchange with
 * the same method and path not yet matched; a request no exchange sent (a raw TCP conversation's)
 * gets a number of its own after theirs.
 */
function matchRequests(byRequest: Map<number, TraceRecord[]>, clients: (ClientTrace | null)[], exchanges: readonly Exchange[]): Map<number, number> {
  const onConnection = new Map<string, number>()
  const perPort = new Map<number, number>()
  clients.forEach((client, index) => {
    if (client?.localPort == null) return
    const nth = (perPort.get(client.localPort) ?? 0) + 1
    perPort.set(client.localPort, nth)
    onConnection.set(`${client.localPort}:${nth}`, index)
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
  let extra = exchanges.length
  for (const id of unmatched) {
    const line = byRequest.get(id)!.find((record) => record.kind === 'request')?.text
    const index = exchanges.findIndex((exchange, i) => !taken.has(i) && line?.startsWith(`${exchange.request.method} ${exchange.request.path} `))
    if (index >= 0) taken.add(index)
    result.set(id, index >= 0 ? index : extra++)
  }
  return result
}
