// Lesson 08 — reference solution: one route that reads JSON and HTML-form bodies alike.
import http from 'node:http'

const MAX_BODY_BYTES = 1_000_000

const SIGNUP_PAGE = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>Sign up</title></head>
  <body>
    <h1>Sign up</h1>
    <form method="post" action="/signup">
      <label>Email <input type="email" name="email" required></label>
      <label>Plan
        <select name="plan">
          <option value="free">Free</option>
          <option value="pro">Pro</option>
        </select>
      </label>
      <button type="submit">Sign up</button>
    </form>
  </body>
</html>
`

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) return reject(new Error('body too large'))
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** `application/json; charset=utf-8` → `application/json` (the media type, lower case). */
const mediaTypeOf = (req: http.IncomingMessage) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()

type Fields = Record<string, unknown>

/** Parses the body by its Content-Type; `null` means "not a type we accept". Throws on broken JSON. */
function parseFields(type: string, text: string): Fields | null {
  if (type === 'application/json') {
    const data: unknown = JSON.parse(text)
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Fields) : {}
  }
  if (type === 'application/x-www-form-urlencoded') {
    // URLSearchParams decodes both `+` (a space) and `%XX` escapes, in UTF-8.
    return Object.fromEntries(new URLSearchParams(text))
  }
  return null
}

async function signup(req: http.IncomingMessage, res: http.ServerResponse) {
  const type = mediaTypeOf(req)
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
    req.resume() // we will not read this body; let it drain
    return sendJson(res, 415, { error: 'Send application/json or application/x-www-form-urlencoded' })
  }

  let fields: Fields | null
  try {
    fields = parseFields(type, await readBody(req))
  } catch {
    return sendJson(res, 400, { error: 'Invalid body' })
  }
  const { email, plan } = fields ?? {}
  if (typeof email !== 'string' || email.trim() === '') {
    return sendJson(res, 400, { error: 'Email is required' })
  }
  sendJson(res, 201, { email, plan })
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname

  if (path === '/signup' && req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(SIGNUP_PAGE)
    return
  }
  if (path === '/signup' && req.method === 'POST') {
    signup(req, res).catch(() => sendJson(res, 500, { error: 'Internal Server Error' }))
    return
  }
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
