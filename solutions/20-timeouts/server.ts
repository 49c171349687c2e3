// Lesson 20 — reference solution: limits for slow clients, a 'clientError' handler, and slow
// work that gives up in time and stops when nobody waits for it any more.
import http from 'node:http'
import type { Socket } from 'node:net'
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
  // Only once the whole body is in; a body that never finishes is Node's requestTimeout's job.
  req.on('end', () => sendJson(res, 200, { bytes }))
}

async function report(res: http.ServerResponse, delayMs: number) {
  const work = new AbortController()
  // Too slow: give up after WORK_TIMEOUT_MS.
  const deadline = setTimeout(() => work.abort(), WORK_TIMEOUT_MS)
  // The client left before its answer: 'close' came while the response was unfinished.
  res.on('close', () => {
    if (!res.writableFinished) work.abort()
  })
  try {
    const result = await buildReport(delayMs, work.signal)
    sendJson(res, 200, result)
  } catch (error) {
    if (!work.signal.aborted) throw error // a real failure: the handler's catch answers 500
    if (res.destroyed) return // the client has gone: there is nobody to answer
    sendJson(res, 503, { error: 'Timed out' })
  } finally {
    clearTimeout(deadline)
  }
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

const server = http.createServer(
  {
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Node enforces the two limits above only when it checks, every 30 s by default: far too
    // late for a 10 s limit. A quarter of headersTimeout (at most a second) keeps it close.
    connectionsCheckingInterval: Math.min(1000, Math.ceil(HEADERS_TIMEOUT_MS / 4)),
  },
  (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`${req.method} ${req.url} failed:`, error)
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' })
      else res.destroy()
    })
  },
)

/** A whole response written by hand: in 'clientError' there is no `res`, only the socket. */
function answerOnSocket(socket: Socket, status: string, value: unknown) {
  const body = JSON.stringify(value)
  socket.end(
    `HTTP/1.1 ${status}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
  )
  // end() closes only our half; a client that never closes its own would keep the socket.
  socket.destroySoon()
}

server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
  // A reset connection (ECONNRESET) cannot take an answer any more.
  if (!socket.writable) {
    socket.destroy()
    return
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    answerOnSocket(socket, '408 Request Timeout', { error: 'Request timeout' })
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    answerOnSocket(socket, '431 Request Header Fields Too Large', { error: 'Headers too large' })
  } else {
    answerOnSocket(socket, '400 Bad Request', { error: 'Bad request' })
  }
})

server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT}`)
})
