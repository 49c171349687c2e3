// Lesson 24 — server-sent events: a response that stays open.
// Run `npm run check 24` to grade this file; `npm run lesson 24` explains the lesson.
// Try it by hand: `npx tsx server.ts`, then `curl -N localhost:3000/events`, or open
// http://localhost:3000 in two browser tabs.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'

const TICK_MS = positiveInteger(process.env.TICK_MS, 1000)

// The page next to this file (CommonJS as tsx sees it, so __dirname exists). It has TODOs too.
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

function openStream(req: http.IncomingMessage, res: http.ServerResponse) {
  // TODO: answer 200 with Content-Type: text/event-stream and Cache-Control: no-cache, and send
  //       the headers NOW (res.flushHeaders()): writeHead() alone keeps them until the first write.

  // TODO: every TICK_MS, write the next tick for THIS client: n counts 1, 2, 3… per client,
  //       `id: <n>\nevent: tick\ndata: {"n":<n>}\n\n`. A client that sends
  //       Last-Event-ID: k (req.headers['last-event-id']) continues from k + 1.

  // TODO: add res to `clients`; when the client goes away (res 'close'), clear its timer and
  //       remove it from `clients`, so nothing more is written to it.

  sendJson(res, 501, { error: `Not implemented yet (a tick every ${TICK_MS} ms, ${clients.size} clients)` })
}

function broadcast(req: http.IncomingMessage, res: http.ServerResponse) {
  // TODO: read the JSON body {"message": …}, write `event: message\ndata: {"message":…}\n\n`
  //       to every open stream in `clients`, and answer 202.
  sendJson(res, 501, { error: 'Not implemented yet' })
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
