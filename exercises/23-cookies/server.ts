// Lesson 23 — cookies: a login session that survives between requests, and a signed theme cookie.
// Run `npm run check 23` to grade this file; `npm run lesson 23` explains the lesson.
import http from 'node:http'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

// TODO: the secret that signs the theme cookie: process.env.COOKIE_SECRET, or, when it is unset,
//       a random one made once at start-up (randomBytes), never a fixed string.

// The sessions live on the server: session id → the user logged in with it.
const sessions = new Map<string, { user: string }>()

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/** The whole request body as text (lesson 07). */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * TODO: the Cookie header ("a=1; session=abc; b=x=y") as a Map of name → value: split at ";",
 *       trim each pair, and split each pair at its FIRST "=" only (values may hold "=").
 */
function parseCookies(header: string | undefined): Map<string, string> {
  return new Map()
}

// TODO: a new session id: at least 128 random bits from crypto, e.g. randomBytes(32).toString('base64url').
// TODO: sign(value): HMAC-SHA256 of the value with the secret, digest('base64url').
// TODO: verify("dark.<signature>"): the value when the signature is right (timingSafeEqual,
//       after checking both have the same length), otherwise null.

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const cookies = parseCookies(req.headers.cookie)

  if (url.pathname === '/login' && req.method === 'POST') {
    // TODO: read {"user": …} (a non-empty string, else 400). Forget any session id the request
    //       came with, make a new one, store it, and answer 204 with
    //       Set-Cookie: session=<id>; HttpOnly; SameSite=Lax; Path=/
    return sendJson(res, 501, { error: 'Not implemented' })
  }

  if (url.pathname === '/me' && req.method === 'GET') {
    // TODO: 200 {"user": …} for a known session id, otherwise 401 {"error":"Not logged in"}.
    return sendJson(res, 501, { error: 'Not implemented' })
  }

  if (url.pathname === '/logout' && req.method === 'POST') {
    // TODO: delete the session on the server, then 204 with a Set-Cookie that expires the cookie
    //       (same name and Path, Max-Age=0).
    return sendJson(res, 501, { error: 'Not implemented' })
  }

  if (url.pathname === '/theme' && req.method === 'GET') {
    // TODO: ?set=dark|light → 204 with Set-Cookie: theme=<value>.<signature>; Path=/
    //       otherwise 200 {"theme": …}: the signed cookie's value when its signature is right,
    //       "light" when there is none or it was altered.
    return sendJson(res, 501, { error: 'Not implemented' })
  }

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`Listening on http://localhost:${Number(process.env.PORT) || 3000}`)
})
