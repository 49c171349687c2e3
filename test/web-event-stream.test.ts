// Proves the web workbook's event stream over a real socket: the page gets `retry:`, the events
// it missed (the last verdict), then every event sent, as EventSource parses them; heartbeat
// comments keep an idle stream alive; a page that leaves is forgotten at once.
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { EventStreamParser, type StreamEvent } from '../src/dsl/event-stream-parser.ts'
import { eventStream, type EventStream } from '../src/web/event-stream.ts'

let server: Server | undefined
let events: EventStream | undefined
afterEach(async () => {
  events?.close()
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
})

it('sends retry, the first events, each event and heartbeats, and forgets a page that left', async () => {
  events = eventStream(20)
  server = createServer((req, res) => events!.open(req, res, [{ event: 'verdict', data: { lesson: 3, passed: false } }]))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const seen: StreamEvent[] = []
  let changed = () => {}
  const parser = new EventStreamParser((event) => (seen.push(event), changed()))
  const until = (done: () => boolean) => new Promise<void>((resolve) => {
    const look = () => (done() ? resolve() : (changed = look))
    look()
  })
  const client = request({ host: '127.0.0.1', port, path: '/events' }, (response) => {
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-store')
    response.on('data', (chunk: Buffer) => (parser.push(chunk), changed()))
  })
  client.end()

  await until(() => seen.length === 1)
  expect(seen[0]).toMatchObject({ type: 'verdict', data: '{"lesson":3,"passed":false}' })
  expect(parser.reconnectionTime).toBe(2000)
  events.send('checking', { lesson: 3, why: 'saved server.ts' })
  await until(() => seen.length === 2)
  expect(seen[1]).toMatchObject({ type: 'checking', data: '{"lesson":3,"why":"saved server.ts"}' })
  await until(() => parser.comments >= 2) // heartbeats, 20 ms apart here
  expect(events.size).toBe(1)

  client.destroy()
  await events.drained()
  expect(events.size).toBe(0)
})
