// Lesson 07 — reference solution: reading a request body from the stream, safely.
import http from 'node:http'

const MAX_BODY_BYTES = 1_000_000 // 1 MB exactly (not 1 MiB): 1,000,000 bytes pass, 1,000,001 get 413

type User = { id: number; name: string; [field: string]: unknown }

const users: User[] = []
let nextId = 1

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

class PayloadTooLargeError extends Error {}

/**
 * Collects the whole body as a string. The chunks are kept as Buffers and joined once at the
 * end, so a character split between two chunks is decoded whole. Rejects as soon as the body
 * grows past the limit, without waiting for the rest of it.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return // already refused: drop what is still arriving until the connection closes
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        tooLarge = true
        reject(new PayloadTooLargeError())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function createUser(req: http.IncomingMessage, res: http.ServerResponse) {
  let text: string
  try {
    text = await readBody(req)
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      // Connection: close makes Node close the connection once the 413 is sent, instead of
      // keeping it open and reading the rest of the body in the hope of another request.
      return sendJson(res, 413, { error: 'Payload too large' }, { Connection: 'close' })
    }
    throw error
  }

  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return sendJson(res, 400, { error: 'Invalid JSON' })
  }

  // JSON.parse also accepts `null`, `42`, `"hi"` and `[]`: only an object can carry a name, and
  // `null.name` would throw. typeof null is 'object', hence the second test.
  const fields = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  if (typeof fields.name !== 'string' || fields.name === '') {
    return sendJson(res, 400, { error: 'Name is required' })
  }

  const user: User = { ...fields, id: nextId++, name: fields.name }
  users.push(user)
  sendJson(res, 201, user)
}

const server = http.createServer((req, res) => {
  const path = new URL(`http://localhost${req.url ?? '/'}`).pathname

  if (path === '/users' && req.method === 'GET') return sendJson(res, 200, users)
  if (path === '/users' && req.method === 'POST') {
    // Whatever createUser throws, before or after an await, arrives here as a rejection.
    createUser(req, res).catch((error: unknown) => {
      console.error(error)
      if (res.headersSent) res.destroy()
      else sendJson(res, 500, { error: 'Internal Server Error' })
    })
    return
  }
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
