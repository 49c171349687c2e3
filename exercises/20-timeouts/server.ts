// Lesson 20 — timeouts: slow clients, stuck work.
// Run `npm run check 20` to grade this file; `npm run lesson 20` explains the lesson.
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

const PORT = Number(process.env.PORT) || 3000
/** The whole request head (request line and headers) must arrive within this. */
const HEADERS_TIMEOUT_MS = Number(process.env.HEADERS_TIMEOUT_MS) || 10_000
/** The whole request, body included, must arrive within this. */
const REQUEST_TIMEOUT_MS = Number(process.env.REQUEST_TIMEOUT_MS) || 30_000
/** An idle kept-alive connection is closed after this. */
const KEEP_ALIVE_TIMEOUT_MS = Number(process.env.KEEP_ALIVE_TIMEOUT_MS) || 5_000
/** Slow work gets this long before we answer 503 and abandon it. */
const WORK_TIMEOUT_MS = Number(process.env.WORK_TIMEOUT_MS) || 1_000

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

/** Slow work: a report that takes `ms` milliseconds. When `signal` aborts, it stops and rejects. */
async function buildReport(ms: number, signal?: AbortSignal): Promise<{ ok: true }> {
  await sleep(ms, undefined, { signal })
  return { ok: true }
}

function upload(req: http.IncomingMessage, res: http.ServerResponse) {
  let bytes = 0
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length
  })
  req.on('end', () => sendJson(res, 200, { bytes }))
}

async function report(res: http.ServerResponse, delayMs: number) {
  // TODO: give up after WORK_TIMEOUT_MS: answer 503 {"error":"Timed out"} and stop the work
  //       (an AbortController whose signal you pass to buildReport). When the client leaves
  //       first (res 'close' before the response finished), stop the work too and answer nothing.
  const result = await buildReport(delayMs)
  sendJson(res, 200, result)
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('ok')
  } else if (req.method === 'POST' && url.pathname === '/upload') {
    upload(req, res)
  } else if (req.method === 'GET' && url.pathname === '/report') {
    await report(res, Number(url.searchParams.get('delay')) || 0)
  } else {
    sendJson(res, 404, { error: 'Not found' })
  }
}

// TODO: pass the limits to createServer({ … }, handler): headersTimeout, requestTimeout and
//       keepAliveTimeout from the constants above, and a connectionsCheckingInterval low enough
//       for Node to notice a slow client in time (it checks every 30 s by default).
const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(`${req.method} ${req.url} failed:`, error)
    if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' })
    else res.destroy()
  })
})

// TODO: a 'clientError' handler, (error, socket) => …, that writes a whole response on the
//       socket: 400 with the JSON body {"error":"Bad request"} and Connection: close for a
//       malformed request, but 408 when error.code is 'ERR_HTTP_REQUEST_TIMEOUT'.

server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT}`)
})
