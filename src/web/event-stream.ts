/**
 * Server-sent events to every open page: `text/event-stream`, a `retry:` so a page that lost the
 * stream (its server restarted, a laptop woke up) reconnects by itself, a comment line as a
 * heartbeat so idle proxies and sleeping tabs keep the stream, and each page forgotten on `close`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

const RETRY_MS = 2_000
const HEARTBEAT_MS = 15_000

export type EventStream = {
  /** Takes over a request as a stream; `first` are sent to this page alone, right away. */
  open: (request: IncomingMessage, response: ServerResponse, first?: Array<{ event: string; data: unknown }>) => void
  send: (event: string, data: unknown) => void
  /** How many pages listen now. */
  readonly size: number
  /** Resolves once no page listens (each one that left was forgotten). */
  drained: () => Promise<void>
  close: () => void
}

export function eventStream(heartbeatMs = HEARTBEAT_MS): EventStream {
  const pages = new Set<ServerResponse>()
  let onDrained: Array<() => void> = []
  const forget = (page: ServerResponse) => {
    pages.delete(page)
    if (pages.size) return
    for (const resolve of onDrained) resolve()
    onDrained = []
  }
  const heartbeat = setInterval(() => {
    for (const page of pages) page.write(': heartbeat\n\n')
  }, heartbeatMs)
  heartbeat.unref()

  return {
    open(request, response, first = []) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      response.write(`retry: ${RETRY_MS}\n\n`)
      for (const { event, data } of first) response.write(frame(event, data))
      pages.add(response)
      request.socket.setNoDelay(true)
      response.on('close', () => forget(response))
    },
    send(event, data) {
      const text = frame(event, data)
      for (const page of pages) page.write(text)
    },
    get size() {
      return pages.size
    },
    drained: () => (pages.size ? new Promise<void>((resolve) => onDrained.push(resolve)) : Promise.resolve()),
    close() {
      clearInterval(heartbeat)
      for (const page of pages) page.end()
      pages.clear()
    },
  }
}

/** One event; JSON never holds a raw newline, so `data:` is always one line. */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}
