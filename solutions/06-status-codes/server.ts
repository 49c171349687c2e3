// Lesson 06 — reference solution: the status code is part of the answer, chosen on purpose.
import http from 'node:http'

type Item = { id: number; name: string }

const items = new Map<number, Item>()
let nextId = 1

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

/** The whole request body as text: plain Node hands it over as a stream of chunks. */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    // Decode once at the end, so a character split across two chunks stays whole.
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { pathname } = new URL(`http://localhost${req.url ?? '/'}`)
  const itemMatch = /^\/items\/(\d+)$/.exec(pathname)

  if (req.method === 'GET' && pathname === '/old-page') {
    // 301: moved for good; Location says where. Clients (and search engines) remember it.
    res.writeHead(301, { Location: '/new-page' })
    return void res.end()
  }

  if (req.method === 'GET' && pathname === '/new-page') {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    return void res.end('This is the new page.')
  }

  if (req.method === 'GET' && pathname === '/admin') {
    const auth = req.headers.authorization
    if (auth === 'Bearer admin-token') return sendJson(res, 200, { message: 'Welcome, admin' })
    // 403: we know who you are (a valid user token), and you may not come in.
    if (auth === 'Bearer user-token') return sendJson(res, 403, { error: 'Forbidden' })
    // 401: no credentials, or none we recognise: we do not know who you are,
    // and WWW-Authenticate says how to tell us.
    return sendJson(res, 401, { error: 'Unauthorized' }, { 'WWW-Authenticate': 'Bearer' })
  }

  if (req.method === 'POST' && pathname === '/items') {
    // The body is awaited here, in route() itself: whatever goes wrong after this point is thrown
    // in route's own code and reaches the .catch below. A throw inside a req.on('end') listener
    // would not: that listener runs later, outside any try and outside route's promise.
    let input: unknown
    try {
      input = JSON.parse(await readBody(req))
    } catch {
      return sendJson(res, 400, { error: 'Invalid JSON' }) // 400: the client sent something we cannot use
    }
    const name = (input as { name?: unknown } | null)?.name
    if (typeof name !== 'string' || name.trim() === '') return sendJson(res, 400, { error: 'Name is required' })
    const item: Item = { id: nextId++, name }
    items.set(item.id, item)
    // 201: something new exists now, and Location says where to find it.
    return sendJson(res, 201, item, { Location: `/items/${item.id}` })
  }

  if (itemMatch && req.method === 'GET') {
    const item = items.get(Number(itemMatch[1]))
    return item ? sendJson(res, 200, item) : sendJson(res, 404, { error: 'Not found' })
  }

  if (itemMatch && req.method === 'DELETE') {
    if (!items.delete(Number(itemMatch[1]))) return sendJson(res, 404, { error: 'Not found' })
    // 204: done, and there is nothing to say: no body at all, so no Content-Type either.
    res.writeHead(204)
    return void res.end()
  }

  if (req.method === 'GET' && pathname === '/boom') {
    throw new Error('Something broke inside the handler')
  }

  sendJson(res, 404, { error: 'Not found' })
}

const server = http.createServer((req, res) => {
  // One safety net for every route: route() is async, so anything thrown in it, before or after
  // an await, rejects its promise, and this .catch turns it into a 500 for this request instead
  // of an error that stops the server for everyone.
  route(req, res).catch((error: unknown) => {
    console.error(error)
    if (res.headersSent) return void res.destroy() // too late for a 500: cut the answer short
    sendJson(res, 500, { error: 'Internal Server Error' })
  })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
