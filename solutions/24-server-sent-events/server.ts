// Lesson 24 — reference solution: server-sent events. Each client of GET /events gets its own
// ticks on a response that stays open; POST /broadcast writes one event to every open stream.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'

const TICK_MS = positiveInteger(process.env.TICK_MS, 1000)
/** Request bodies for /broadcast above this are refused (413). */
const MAX_BODY_BYTES = 64 * 1024

// The page next to this file (CommonJS as tsx sees it, so __dirname exists).
const PAGE = fs.readFileSync(path.join(__dirname, 'page.html'))

/** Every /events response still open: a broadcast writes to each of them. */
const clients = new Set<http.ServerResponse>()

/** A whole number above 0 from the environment; anything else takes the default. */
function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number(text)
  return Number.isSafeInteger(value) && value > 0 ? value : fallback
}

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/** One event in the event-stream format: an id when given, its type, JSON data, then a blank line. */
function formatEvent(type: string, value: unknown, id?: number): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`
  // JSON.stringify escapes line breaks, so the data always fits on one `data:` line.
  return `${idLine}event: ${type}\ndata: ${JSON.stringify(value)}\n\n`
}

function openStream(req: http.IncomingMessage, res: http.ServerResponse) {
  // A reconnecting EventSource says which event it saw last: carry on after it.
  const lastSeen = Number(req.headers['last-event-id'])
  let n = Number.isSafeInteger(lastSeen) && lastSeen > 0 ? lastSeen : 0

  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no', // nginx: pass each event on at once, do not buffer the response
  })
  // writeHead() only stores the headers; they would leave with the first event. Send them now.
  res.flushHeaders()
  clients.add(res)

  const timer = setInterval(() => {
    n += 1
    res.write(formatEvent('tick', { n }, n))
  }, TICK_MS)

  // The client went away (tab closed, network lost): stop its timer and forget it, at once.
  res.on('close', () => {
    clearInterval(timer)
    clients.delete(res)
  })
}

function broadcast(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = []
  let size = 0
  let refused = false
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > MAX_BODY_BYTES && !refused) {
      refused = true
      sendJson(res, 413, { error: 'Content too large' })
    }
    if (!refused) chunks.push(chunk)
  })
  req.on('end', () => {
    if (refused) return
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return sendJson(res, 400, { error: 'Invalid JSON' })
    }
    if (typeof body !== 'object' || body === null || !('message' in body)) {
      return sendJson(res, 400, { error: 'Expected {"message": …}' })
    }
    const event = formatEvent('message', { message: body.message })
    for (const client of clients) client.write(event)
    sendJson(res, 202, { delivered: clients.size })
  })
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost')
  if (req.method === 'GET' && pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    return res.end(PAGE)
  }
  if (req.method === 'GET' && pathname === '/events') return openStream(req, res)
  if (req.method === 'POST' && pathname === '/broadcast') return broadcast(req, res)
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log(`Listening on http://localhost:3000 (a tick every ${TICK_MS} ms)`)
})
