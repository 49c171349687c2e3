// Lesson 21 — reference solution: validators (ETag, Last-Modified) and conditional requests.
import http from 'node:http'
import { createHash } from 'node:crypto'

type Article = { id: number; title: string; body: string }

const articles = new Map<number, Article>(
  [
    { id: 1, title: 'A cache is a copy with a date on it', body: 'Every copy of a response is correct for a while, then merely old. Caching is deciding how long that while is.' },
    { id: 2, title: 'Ask before you reuse', body: 'Cache-Control: no-cache does not forbid caching. It allows a copy, on the condition that it is checked before each use.' },
    { id: 3, title: 'Tags, not timestamps', body: 'An ETag names one version of a resource. Two versions, two tags; the same bytes, the same tag.' },
    { id: 4, title: 'The update nobody saw', body: 'Two people open the same page, both edit it, both save. The second save erases the first unless the server is told which version each of them edited.' },
    { id: 5, title: 'Seconds are coarse', body: 'An HTTP date has no milliseconds. Two changes in the same second share one Last-Modified, which is why ETags exist.' },
  ].map((article) => [article.id, article]),
)

/** The start of the second `ms` falls in: HTTP dates have no milliseconds. */
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000

/** When any article last changed, to the second; at first, when the server started. */
let listModified = wholeSecond(Date.now())

/** A strong ETag: a hash of exactly the bytes sent, in double quotes. Same bytes, same tag. */
const etagOf = (json: string) => `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"`

/** The tags of an If-Match or If-None-Match value (`"a", W/"b"` → ['"a"', 'W/"b"']; `*` → ['*']). */
const tagsOf = (header: string) => header.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '')
/** A tag without its weakness mark, for the weak comparison. */
const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag)

/** If-None-Match (weak comparison, RFC 9110 §13.1.2): does the client already hold this version? */
function clientHasCurrent(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return tagsOf(header).some((tag) => tag === '*' || opaque(tag) === opaque(etag))
}

/** If-Match (strong comparison, RFC 9110 §13.1.1): a W/ tag never matches. No header: nothing to check. */
function ifMatchFails(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return !tagsOf(header).some((tag) => tag === '*' || tag === etag)
}

function sendJson(req: http.IncomingMessage, res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const json = JSON.stringify(value)
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) })
  // HEAD: the same status and headers as GET, and no body.
  res.end(req.method === 'HEAD' ? undefined : json)
}

/** 304: the headers the 200 would carry (ETag, Cache-Control, Last-Modified) and no body at all. */
function notModified(res: http.ServerResponse, headers: http.OutgoingHttpHeaders) {
  res.writeHead(304, headers)
  res.end()
}

class BadRequest extends Error {}

const MAX_BODY_BYTES = 1_000_000

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) return reject(new BadRequest('Body too large'))
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The PUT body: {"title"?, "body"?}, each a string when present. */
async function readChanges(req: http.IncomingMessage): Promise<{ title?: string; body?: string }> {
  let data: unknown
  try {
    data = JSON.parse(await readBody(req))
  } catch (error) {
    throw error instanceof BadRequest ? error : new BadRequest('Invalid JSON')
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadRequest('Expected a JSON object')
  const { title, body } = data as Record<string, unknown>
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) throw new BadRequest('title must be a non-empty string')
  if (body !== undefined && typeof body !== 'string') throw new BadRequest('body must be a string')
  return { title, body } as { title?: string; body?: string }
}

async function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost')
  const method = req.method ?? 'GET'
  const reading = method === 'GET' || method === 'HEAD'

  if (pathname === '/articles') {
    if (!reading) return sendJson(req, res, 405, { error: 'Method not allowed' }, { Allow: 'GET, HEAD' })
    const headers = { 'Last-Modified': new Date(listModified).toUTCString() }
    // If-None-Match, when present, takes the place of If-Modified-Since (RFC 9110 §13.1.3).
    const since = Date.parse(req.headers['if-modified-since'] ?? '')
    if (req.headers['if-none-match'] === undefined && !Number.isNaN(since) && listModified <= since) return notModified(res, headers)
    return sendJson(req, res, 200, [...articles.values()], headers)
  }

  const match = /^\/articles\/(\d+)$/.exec(pathname)
  const article = match ? articles.get(Number(match[1])) : undefined
  if (!article) return sendJson(req, res, 404, { error: 'Not found' })

  if (reading) {
    const json = JSON.stringify(article)
    const headers = { ETag: etagOf(json), 'Cache-Control': 'no-cache' }
    if (clientHasCurrent(req.headers['if-none-match'], headers.ETag)) return notModified(res, headers)
    return sendJson(req, res, 200, article, headers)
  }

  if (method === 'PUT') {
    const changes = await readChanges(req)
    // Compare and change in one synchronous stretch, after the last await: no other request can
    // change the article between the check and the write.
    if (ifMatchFails(req.headers['if-match'], etagOf(JSON.stringify(article)))) {
      return sendJson(req, res, 412, { error: 'Precondition failed' })
    }
    if (changes.title !== undefined) article.title = changes.title
    if (changes.body !== undefined) article.body = changes.body
    listModified = wholeSecond(Date.now())
    return sendJson(req, res, 200, article, { ETag: etagOf(JSON.stringify(article)), 'Cache-Control': 'no-cache' })
  }

  sendJson(req, res, 405, { error: 'Method not allowed' }, { Allow: 'GET, HEAD, PUT' })
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    if (res.headersSent) return res.destroy()
    if (error instanceof BadRequest) return sendJson(req, res, 400, { error: error.message })
    sendJson(req, res, 500, { error: 'Internal Server Error' })
  })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
