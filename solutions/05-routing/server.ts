// Lesson 05 — reference solution: a route table keyed by path, then by method.
import http from 'node:http'

type User = { id: number; name: string }
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, params: Record<string, string>) => void

const users: User[] = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, name: `User ${i + 1}` }))
const startedAt = Date.now()

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/** A whole number ≥ 1 from the query, or the fallback when it is missing or not one. */
function positiveParam(params: URLSearchParams, name: string, fallback: number): number {
  const value = Number(params.get(name))
  return Number.isInteger(value) && value > 0 ? value : fallback
}

// Each route: a pattern (":id" captures a segment) and the methods it answers.
const routes: { pattern: string; methods: Record<string, Handler> }[] = [
  { pattern: '/', methods: { GET: (_req, res) => sendJson(res, 200, { message: 'Welcome to the API', version: '1.0' }) } },
  {
    pattern: '/health',
    methods: { GET: (_req, res) => sendJson(res, 200, { status: 'healthy', uptime: (Date.now() - startedAt) / 1000 }) },
  },
  {
    pattern: '/users',
    methods: {
      GET: (_req, res, url) => {
        const page = positiveParam(url.searchParams, 'page', 1)
        const limit = Math.min(positiveParam(url.searchParams, 'limit', 10), 100)
        const start = (page - 1) * limit
        sendJson(res, 200, { data: users.slice(start, start + limit), page, limit, total: users.length })
      },
    },
  },
  {
    pattern: '/users/:id',
    methods: {
      GET: (_req, res, _url, params) => {
        // Number('abc') is NaN, and no user has the id NaN: that is a 404, not a crash.
        const user = users.find((candidate) => candidate.id === Number(params.id))
        if (user) sendJson(res, 200, user)
        else sendJson(res, 404, { error: 'Not found' })
      },
    },
  },
]

/** The route's parameters when `path` fits `pattern`, or null. */
function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const have = path.split('/')
  if (want.length !== have.length) return null
  const params: Record<string, string> = {}
  for (const [i, part] of want.entries()) {
    const segment = have[i]!
    if (part.startsWith(':')) {
      if (!segment) return null // "/users/" names no id
      params[part.slice(1)] = segment
    } else if (part !== segment) return null
  }
  return params
}

const server = http.createServer((req, res) => {
  // req.url is only the request target, "/users?page=2". Putting a fixed origin in front of it, as
  // one string, keeps every target a path: `new URL(req.url, base)` would read "//users" as a URL
  // whose host is "users", and the Host header is the client's to fill (a malformed one would make
  // `new URL` throw), so neither decides where a request goes.
  const url = new URL(`http://localhost${req.url ?? '/'}`)

  for (const route of routes) {
    const params = match(route.pattern, url.pathname)
    if (!params) continue
    const handler = route.methods[req.method ?? 'GET']
    if (handler) return handler(req, res, url, params)
    // The path exists, the method does not: 405, and Allow says what would work.
    res.writeHead(405, { 'Content-Type': 'application/json', Allow: Object.keys(route.methods).join(', ') })
    return res.end(JSON.stringify({ error: 'Method not allowed' }))
  }

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
