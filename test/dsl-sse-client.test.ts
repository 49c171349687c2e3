// Proves the checks' EventSource stand-in against real servers and sockets: it notes when the
// headers came and when each event did, reads events cut into tiny pieces on the wire, sends
// Last-Event-ID when it reconnects, holds 50 streams at once and hangs them all up, and tells a
// stream the server ended or cut off from one still open, without waiting out its deadline.
import http from 'node:http'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { eventStreams, type EventStreams } from '../src/dsl/sse-client.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Served = { port: number; requests: http.IncomingMessage[]; closed: number; server: http.Server }
let served: Served | null = null
let streams: EventStreams | null = null

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Served> {
  const state = { port: 0, requests: [] as http.IncomingMessage[], closed: 0, server: null as unknown as http.Server }
  state.server = http.createServer((req, res) => {
    state.requests.push(req)
    res.on('close', () => state.closed++)
    handler(req, res)
  })
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve))
  state.port = (state.server.address() as net.AddressInfo).port
  served = state
  streams = eventStreams({ host: '127.0.0.1', port: state.port })
  return state
}

afterEach(async () => {
  streams?.closeAll()
  streams = null
  if (served) {
    served.server.closeAllConnections()
    await new Promise((resolve) => served!.server.close(resolve))
    served = null
  }
})

/** Writes `text` a few bytes at a time, each in its own write, `gapMs` apart. */
async function trickle(res: http.ServerResponse, text: string, size = 3, gapMs = 2) {
  const bytes = Buffer.from(text)
  for (let at = 0; at < bytes.length; at += size) {
    if (res.destroyed) return
    res.write(bytes.subarray(at, at + size))
    await sleep(gapMs)
  }
}

describe('the event stream client', () => {
  it('notes the headers as they come, before any event, then reads events sent a few bytes at a time', async () => {
    await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.flushHeaders()
      setTimeout(() => void trickle(res, 'retry: 900\r\n: hi\r\ndata: {"n":1}\r\nid: 1\r\nevent: tick\r\n\r\nevent: message\rdata: Zoë ✓\r\r'), 150)
    })
    const client = streams!.open()
    expect(await client.waitForHeaders(2000)).toBe(true)
    expect(client.status).toBe(200)
    expect(client.events).toEqual([])
    expect(await client.waitForEvents('message', 1, 5000)).toBe(true)
    expect(client.events.map(({ type, data, lastEventId }) => ({ type, data, lastEventId }))).toEqual([
      { type: 'tick', data: '{"n":1}', lastEventId: '1' },
      { type: 'message', data: 'Zoë ✓', lastEventId: '1' },
    ])
    expect(client.events[0]!.at).toBeGreaterThanOrEqual(client.headersAt! + 100)
    expect(client.reconnectionTime).toBe(900)
    expect(client.comments).toBe(1)
    expect(client.over).toBe(false)
    expect(client.exchange()).toMatchObject({ request: { method: 'GET', path: '/events', headers: { Accept: 'text/event-stream' } }, response: { status: 200 } })
  })

  it('reconnects as EventSource does: the same path, with Last-Event-ID set to the last id it saw', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      const last = Number(req.headers['last-event-id'] ?? 0)
      res.write(`id: ${last + 1}\ndata: a\n\nid: ${last + 2}\ndata: b\n\n`)
    })
    const first = streams!.open()
    await first.waitForEvents('message', 2, 2000)
    expect(server.requests[0]!.headers['last-event-id']).toBeUndefined()
    const second = streams!.reconnect(first)
    expect(first.closed).toBe(true)
    await second.waitForEvents('message', 2, 2000)
    expect(server.requests[1]!.headers['last-event-id']).toBe('2')
    expect(second.events.map((event) => event.lastEventId)).toEqual(['3', '4'])
    const chosen = streams!.open({ lastEventId: '41' })
    await chosen.waitForEvents('message', 1, 2000)
    expect(server.requests[2]!.headers['last-event-id']).toBe('41')
    expect(chosen.events[0]!.lastEventId).toBe('42')
  })

  it('holds 50 streams at once, each on its own connection, and hangs them all up', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      res.write(`data: ${req.socket.remotePort}\n\n`)
    })
    const clients = streams!.openMany(50)
    const got = await Promise.all(clients.map((client) => client.waitForEvents('message', 1, 5000)))
    expect(got.every(Boolean)).toBe(true)
    expect(new Set(clients.map((client) => client.events[0]!.data)).size).toBe(50)
    streams!.closeAll()
    for (let i = 0; i < 100 && server.closed < 50; i++) await sleep(20)
    expect(server.closed).toBe(50)
  })

  it('tells a response the server ended, or cut off, from one still open, at once rather than at the deadline', async () => {
    await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' })
      if (req.url === '/ends') res.end('data: one\n\ndata: cut')
      else {
        res.write('data: one\n\n')
        setTimeout(() => res.destroy(), 50)
      }
    })
    const ends = streams!.open({ path: '/ends' })
    const started = performance.now()
    expect(await ends.waitForEvents('message', 3, 10_000)).toBe(false)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(ends.endedAt).not.toBeNull()
    expect(ends.events.map((event) => event.data)).toEqual(['one'])
    expect(ends.describe()).toContain('then the response ended')

    const cut = streams!.open({ path: '/cut' })
    expect(await cut.waitForEvents('message', 2, 10_000)).toBe(false)
    expect(cut.error).not.toBeNull()
    expect(cut.endedAt).toBeNull()
  })

  it('reports a refused connection as an error with no response', async () => {
    const holder = net.createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const { port } = holder.address() as net.AddressInfo
    await new Promise((resolve) => holder.close(resolve))
    const group = eventStreams({ host: '127.0.0.1', port })
    try {
      const client = group.open()
      expect(await client.waitForHeaders(2000)).toBe(false)
      expect(client.status).toBeNull()
      expect(client.error?.code).toBe('ECONNREFUSED')
      expect(client.exchange().response).toBeNull()
    } finally {
      group.closeAll()
    }
  })
})
