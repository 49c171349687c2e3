// Lesson 08 — reference solution: one route that reads JSON and HTML-form bodies alike.
import http from 'node:http'

const MAX_BODY_BYTES = 1_000_000 // as in lesson 07: a bigger body gets 413

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

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

class PayloadTooLargeError extends Error {}

/** The whole body as text, decoded once at the end; rejects as soon as it passes the limit. */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) return reject(new PayloadTooLargeError()) // later chunks are dropped
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
    // Refused before reading: Node would discard the unread body once this answer is finished;
    // resume() starts that at once.
    req.resume()
    return sendJson(res, 415, { error: 'Send application/json or application/x-www-form-urlencoded' })
  }

  let text: string
  try {
    text = await readBody(req)
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return sendJson(res, 413, { error: 'Payload too large' }, { Connection: 'close' })
    throw error
  }
  let fields: Fields | null
  try {
    fields = parseFields(type, text)
  } catch {
    return sendJson(res, 400, { error: 'Invalid JSON' }) // only JSON.parse throws here
  }
  const { email, plan } = fields ?? {}
  if (typeof email !== 'string' || email.trim() === '') {
    return sendJson(res, 400, { error: 'Email is required' })
  }
  sendJson(res, 201, { email, plan })
}

const server = http.createServer((req, res) => {
  const path = new URL(`http://localhost${req.url ?? '/'}`).pathname

  if (path === '/signup' && req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(SIGNUP_PAGE)
    return
  }
  if (path === '/signup' && req.method === 'POST') {
    signup(req, res).catch((error: unknown) => {
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
