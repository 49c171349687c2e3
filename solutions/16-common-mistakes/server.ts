// Lesson 16 — reference solution: the clinic's server with every mistake repaired.
import http from 'node:http'

let visits = 0

/** Reads the whole request body as bytes, then decodes it once (never chunk by chunk). */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendText(res: http.ServerResponse, status: number, text: string) {
  // Status and headers first, body last: once the body starts, the head has gone.
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  // res.end() takes a string or bytes, never an object: serialise it first.
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

async function route(req: http.IncomingMessage, res: http.ServerResponse) {
  visits++

  if (req.method === 'GET' && req.url === '/') return sendText(res, 200, 'home')

  if (req.method === 'GET' && req.url === '/about') return sendText(res, 200, 'about')

  if (req.method === 'GET' && req.url === '/api/stats') return sendJson(res, 200, { visits })

  if (req.method === 'POST' && req.url === '/api/echo') {
    // Plain Node never fills req.body: the body is a stream, read whole, then decoded once.
    const raw = await readBody(req)
    try {
      return sendJson(res, 200, JSON.parse(raw))
    } catch {
      return sendJson(res, 400, { error: 'Invalid JSON' })
    }
  }

  if (req.method === 'POST' && req.url === '/api/greet') {
    let name: unknown
    try {
      const parsed: unknown = JSON.parse(await readBody(req))
      if (parsed !== null && typeof parsed === 'object') name = (parsed as { name?: unknown }).name
    } catch {
      // not JSON: answered below
    }
    if (typeof name !== 'string') return sendJson(res, 400, { error: 'Send JSON {"name": "…"}' })
    return sendJson(res, 200, { greeting: `Hello, ${name}!` })
  }

  if (req.method === 'GET' && req.url === '/api/time') {
    // Say what the body is: without Content-Type the client has to guess.
    return sendJson(res, 200, { now: new Date().toISOString() })
  }

  if (req.method === 'GET' && req.url === '/api/user') {
    // Every header goes out before the body, in the same writeHead.
    return sendJson(res, 200, { name: 'Ada' }, { 'X-Cache': 'miss' })
  }

  // `return` on every path above means exactly one answer per request.
  sendJson(res, 404, { error: 'Not found' })
}

const server = http.createServer((req, res) => {
  // An async handler's rejection (a client that leaves mid-body) is caught here, not left to
  // crash the process as an unhandled rejection.
  route(req, res).catch(() => {
    if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' })
    else res.destroy()
  })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
