// Lesson 21 — validators and conditional requests: ETag, 304, If-Match and 412, Last-Modified.
// Run `npm run check 21` to grade this file; `npm run lesson 21` explains the lesson.
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

// TODO: keep the time of the newest change to any article (at first: when the server started),
//       rounded DOWN to the whole second: HTTP dates have no milliseconds.

/** A hash of some text, usable inside an ETag's double quotes. */
const hashOf = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22)

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

class BadRequest extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The PUT body: {"title"?, "body"?}, each a string when present. */
async function readChanges(req: http.IncomingMessage): Promise<{ title?: string; body?: string }> {
  let data: unknown
  try {
    data = JSON.parse(await readBody(req))
  } catch {
    throw new BadRequest('Invalid JSON')
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

  if (pathname === '/articles' && method === 'GET') {
    // TODO: send Last-Modified (the newest change, as new Date(ms).toUTCString()).
    // TODO: If-Modified-Since at or after it (Date.parse it) → 304 with no body.
    return sendJson(res, 200, [...articles.values()])
  }

  const match = /^\/articles\/(\d+)$/.exec(pathname)
  const article = match ? articles.get(Number(match[1])) : undefined
  if (!article) return sendJson(res, 404, { error: 'Not found' })

  if (method === 'GET') {
    // TODO: send a strong ETag, `"${hashOf(json)}"` of exactly the JSON you send, and
    //       Cache-Control: no-cache.
    // TODO: If-None-Match holding that ETag (alone, in a comma-separated list, with W/ in
    //       front, or *) → 304 with the same ETag and no body; return, so nothing else is sent.
    return sendJson(res, 200, article)
  }

  if (method === 'PUT') {
    const changes = await readChanges(req)
    // TODO: If-Match (when present) must hold the article's current ETag, compared strongly
    //       (a W/ tag never matches; a list may hold it; * matches): otherwise answer
    //       412 {"error":"Precondition failed"} and change nothing.
    if (changes.title !== undefined) article.title = changes.title
    if (changes.body !== undefined) article.body = changes.body
    // TODO: the list has changed: remember when. Answer with the article's new ETag.
    return sendJson(res, 200, article)
  }

  // TODO: HEAD on these paths: the same status and headers as GET, and no body.
  sendJson(res, 405, { error: 'Method not allowed' }, { Allow: 'GET, PUT' })
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    if (res.headersSent) return res.destroy()
    if (error instanceof BadRequest) return sendJson(res, 400, { error: error.message })
    sendJson(res, 500, { error: 'Internal Server Error' })
  })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
