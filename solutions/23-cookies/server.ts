// Lesson 23 — reference solution: a login session in a cookie, and a signed theme cookie.
import http from 'node:http'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const MAX_BODY_BYTES = 10_000 // a login body is a name: refuse anything bigger than this

// The key that signs the theme cookie. Without COOKIE_SECRET, a random one for this run: every
// signed cookie from an earlier run then stops being valid, which is safe (it falls back to light).
const SECRET = process.env.COOKIE_SECRET || randomBytes(32).toString('hex')

// The sessions, on the server: id → who is logged in. The cookie carries only the id.
type Session = { user: string; createdAt: number }
const sessions = new Map<string, Session>()

// The session cookie's attributes: unreadable by page scripts (HttpOnly), not sent with
// cross-site subrequests or POSTs (SameSite=Lax), and sent for every path of the site (Path=/).
// Behind HTTPS, add `Secure` too (and the name could then be `__Host-session`).
const SESSION_ATTRIBUTES = 'HttpOnly; SameSite=Lax; Path=/'

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/**
 * The Cookie header as a Map: pairs separated by `;`, spaces around them ignored, each split at
 * its FIRST `=` only (a value may hold `=`, as base64 does). The first pair of a name wins: a
 * browser sends the cookie with the most specific path first.
 */
function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const pair of (header ?? '').split(';')) {
    const equals = pair.indexOf('=')
    if (equals === -1) continue
    const name = pair.slice(0, equals).trim()
    if (name && !cookies.has(name)) cookies.set(name, pair.slice(equals + 1).trim())
  }
  return cookies
}

/** 32 random bytes from the operating system's generator: 256 bits, as 43 base64url characters. */
function newSessionId(): string {
  return randomBytes(32).toString('base64url')
}

/** HMAC-SHA256 of the value with the secret, in base64url without padding (43 characters). */
function signature(value: string): string {
  return createHmac('sha256', SECRET).update(value).digest('base64url')
}

/** `value.signature` back to `value` when the signature is right, otherwise null. */
function verified(signed: string): string | null {
  const dot = signed.lastIndexOf('.')
  if (dot === -1) return null
  const value = signed.slice(0, dot)
  const given = Buffer.from(signed.slice(dot + 1))
  const expected = Buffer.from(signature(value))
  // timingSafeEqual takes as long whatever the first difference, so the time of an answer does
  // not tell an attacker how much of a forged signature was right. It throws on unequal lengths.
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null
}

class PayloadTooLargeError extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) return reject(new PayloadTooLargeError())
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function login(req: http.IncomingMessage, res: http.ServerResponse, cookies: Map<string, string>) {
  let data: unknown
  try {
    data = JSON.parse(await readBody(req))
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return sendJson(res, 413, { error: 'Payload too large' })
    return sendJson(res, 400, { error: 'Invalid JSON' })
  }
  const user = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).user : undefined
  if (typeof user !== 'string' || user === '') return sendJson(res, 400, { error: 'user must be a non-empty string' })

  // No session fixation: whatever id the client came with (its own, or one planted by someone
  // else) is dropped, and the logged-in session gets a brand-new id.
  const old = cookies.get('session')
  if (old !== undefined) sessions.delete(old)
  const id = newSessionId()
  sessions.set(id, { user, createdAt: Date.now() })

  res.writeHead(204, { 'Set-Cookie': `session=${id}; ${SESSION_ATTRIBUTES}` })
  res.end()
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const cookies = parseCookies(req.headers.cookie)
  const id = cookies.get('session')
  const session = id === undefined ? undefined : sessions.get(id)

  if (url.pathname === '/login' && req.method === 'POST') {
    login(req, res, cookies).catch((error: unknown) => {
      console.error(error)
      if (res.headersSent) res.destroy()
      else sendJson(res, 500, { error: 'Internal Server Error' })
    })
    return
  }

  if (url.pathname === '/me' && req.method === 'GET') {
    if (!session) return sendJson(res, 401, { error: 'Not logged in' })
    return sendJson(res, 200, { user: session.user })
  }

  if (url.pathname === '/logout' && req.method === 'POST') {
    // Forget the session on the server (the id is now worth nothing, even to someone who copied
    // it), then ask the browser to drop the cookie: same name and path, Max-Age=0.
    if (id !== undefined) sessions.delete(id)
    res.writeHead(204, { 'Set-Cookie': `session=; ${SESSION_ATTRIBUTES}; Max-Age=0` })
    return res.end()
  }

  if (url.pathname === '/theme' && req.method === 'GET') {
    const chosen = url.searchParams.get('set')
    if (chosen !== null) {
      if (chosen !== 'dark' && chosen !== 'light') return sendJson(res, 400, { error: 'set must be dark or light' })
      // Signed, not secret: anyone can read "dark" in it; only the server can make a valid one.
      res.writeHead(204, { 'Set-Cookie': `theme=${chosen}.${signature(chosen)}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000` })
      return res.end()
    }
    const signed = cookies.get('theme')
    const theme = signed === undefined ? null : verified(signed)
    return sendJson(res, 200, { theme: theme === 'dark' ? 'dark' : 'light' })
  }

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`Listening on http://localhost:${Number(process.env.PORT) || 3000}`)
})
