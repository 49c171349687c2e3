// Lesson 09 — reference solution: a complete in-memory resource with create, read, update, delete.
import http from 'node:http'

type Todo = { id: number; title: string; done: boolean }

// A Map keeps insertion order (so listings come out in id order) and finds by id directly.
const todos = new Map<number, Todo>()
let lastId = 0 // only ever grows, so a deleted id is never handed out again

const MAX_BODY_BYTES = 1_000_000

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}
const notFound = (res: http.ServerResponse) => sendJson(res, 404, { error: 'Not found' })

/** The client's mistake, answered with its status (400, or 413 for a body over the limit). */
class BadRequest extends Error {
  constructor(message: string, readonly status = 400) {
    super(message)
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) return reject(new BadRequest('Content Too Large', 413))
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The body as a JSON object; anything else is the client's mistake. */
async function readJsonObject(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let data: unknown
  try {
    data = JSON.parse(await readBody(req))
  } catch (error) {
    throw error instanceof BadRequest ? error : new BadRequest('Invalid JSON')
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadRequest('Expected a JSON object')
  return data as Record<string, unknown>
}

const isTitle = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''

/** A page and limit from the query: missing, non-numeric, zero or negative → the default; limit ≤ 100. */
function pageParam(raw: string | null, fallback: number) {
  const value = Number(raw ?? '')
  return Number.isInteger(value) && value > 0 ? value : fallback
}

async function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const method = req.method ?? 'GET'

  if (url.pathname === '/todos') {
    if (method === 'GET') {
      const page = pageParam(url.searchParams.get('page'), 1)
      const limit = Math.min(pageParam(url.searchParams.get('limit'), 10), 100)
      const all = [...todos.values()]
      const data = all.slice((page - 1) * limit, page * limit)
      return sendJson(res, 200, { data, page, limit, total: all.length })
    }
    if (method === 'POST') {
      const body = await readJsonObject(req)
      if (!isTitle(body.title)) throw new BadRequest('Title is required')
      if (body.done !== undefined && typeof body.done !== 'boolean') throw new BadRequest('done must be true or false')
      const todo: Todo = { id: ++lastId, title: body.title, done: body.done ?? false }
      todos.set(todo.id, todo)
      return sendJson(res, 201, todo)
    }
    return notFound(res)
  }

  const match = /^\/todos\/(\d+)$/.exec(url.pathname)
  if (!match) return notFound(res)
  const todo = todos.get(Number(match[1]))

  if (method === 'GET') return todo ? sendJson(res, 200, todo) : notFound(res)
  if (method === 'DELETE') {
    if (!todo) return notFound(res)
    todos.delete(todo.id)
    res.writeHead(204) // No Content: no body, so no Content-Type either
    return res.end()
  }
  if (method === 'PUT') {
    if (!todo) return notFound(res)
    const body = await readJsonObject(req)
    // Validate everything before changing anything: a 400 leaves the todo as it was.
    if (body.title !== undefined && !isTitle(body.title)) throw new BadRequest('title must be a non-empty string')
    if (body.done !== undefined && typeof body.done !== 'boolean') throw new BadRequest('done must be true or false')
    if (body.title !== undefined) todo.title = body.title
    if (body.done !== undefined) todo.done = body.done
    return sendJson(res, 200, todo)
  }
  notFound(res)
}

const server = http.createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    // Every answer above ends with `return`, so nothing was sent yet; if something was, a second
    // answer would throw ERR_HTTP_HEADERS_SENT, so close the connection instead.
    if (res.headersSent) return res.destroy()
    if (error instanceof BadRequest) return sendJson(res, error.status, { error: error.message })
    sendJson(res, 500, { error: 'Internal Server Error' })
  })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
