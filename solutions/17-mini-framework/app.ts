// Lesson 17 — reference solution: a tiny Express, on nothing but node:http.
// One list of layers (middleware, routes, error handlers) in the order they were registered;
// next() walks it. That single idea is most of what Express is.
import http from 'node:http'

export type Request = http.IncomingMessage & {
  /** `:name` segments of the matched route, URL-decoded. */
  params: Record<string, string>
  /** The URL without its query string. */
  path: string
  /** Set by a body-parsing middleware, if the app has one. */
  body?: unknown
}

export type Response = http.ServerResponse & {
  /** Sets the status and returns `res`, so calls chain: `res.status(201).json(item)`. */
  status(code: number): Response
  /** Sends `value` as JSON (with its Content-Type), optionally with a status. */
  json(value: unknown, status?: number): Response
}

export type Next = (error?: unknown) => void
export type Handler = (req: Request, res: Response, next: Next) => unknown
export type ErrorHandler = (error: unknown, req: Request, res: Response, next: Next) => unknown

type Layer = {
  /** null: any method (middleware). */
  method: string | null
  /** null: any path (middleware); otherwise the compiled route. */
  route: { pattern: RegExp; names: string[] } | null
  handler: Handler | ErrorHandler
  /** Error handlers are recognised by their four parameters, as in Express. */
  handlesErrors: boolean
}

export function createApp() {
  const layers: Layer[] = []

  const addRoute = (method: string) => (path: string, handler: Handler) => {
    layers.push({ method, route: compile(path), handler, handlesErrors: false })
    return app
  }

  function handle(incoming: http.IncomingMessage, outgoing: http.ServerResponse) {
    const req = incoming as Request
    const res = decorate(outgoing)
    req.path = (req.url ?? '/').split('?')[0]!
    req.params = {}
    let index = 0

    const next: Next = (error?: unknown) => {
      const layer = layers[index++]
      if (!layer) return finish(error)
      if (layer.method && layer.method !== req.method) return next(error)
      const params = layer.route ? match(layer.route, req.path) : {}
      if (!params) return next(error)
      // With an error in hand, only error handlers run; without one, they are skipped.
      if ((error !== undefined) !== layer.handlesErrors) return next(error)
      req.params = params
      try {
        const result = layer.handlesErrors ? (layer.handler as ErrorHandler)(error, req, res, next) : (layer.handler as Handler)(req, res, next)
        // An async handler does not throw: it returns a promise that rejects. As in Express 5
        // (Express 4 does not do this), a rejection goes to next(error) like a throw.
        if (isThenable(result)) result.then(undefined, (rejection: unknown) => next(rejection ?? new Error('Rejected promise')))
      } catch (thrown) {
        next(thrown) // a handler that throws is the same as next(error)
      }
    }

    // What happens when the list runs out: nobody answered.
    const finish = (error: unknown) => {
      if (res.headersSent) return res.end()
      if (error !== undefined) {
        console.error(error)
        return res.json({ error: 'Internal Server Error' }, 500)
      }
      res.json({ error: 'Not found' }, 404)
    }

    next()
  }

  /** Middleware `(req, res, next)`, or an error handler `(err, req, res, next)`. */
  function use(handler: Handler): typeof app
  function use(handler: ErrorHandler): typeof app
  function use(handler: Handler | ErrorHandler) {
    layers.push({ method: null, route: null, handler, handlesErrors: handler.length === 4 })
    return app
  }

  const app = {
    use,
    get: addRoute('GET'),
    post: addRoute('POST'),
    put: addRoute('PUT'),
    delete: addRoute('DELETE'),
    /** Starts an http.Server that runs every request through the layers; returns it. */
    listen(port: number, callback?: () => void): http.Server {
      const server = http.createServer(handle)
      return server.listen(port, callback)
    },
  }
  return app
}

function decorate(res: http.ServerResponse): Response {
  const decorated = res as Response
  decorated.status = (code) => {
    decorated.statusCode = code
    return decorated
  }
  decorated.json = (value, status) => {
    if (status !== undefined) decorated.statusCode = status
    decorated.setHeader('Content-Type', 'application/json; charset=utf-8')
    decorated.end(JSON.stringify(value))
    return decorated
  }
  return decorated
}

/** `/users/:id` → a pattern matching one path segment per `:name`. */
function compile(path: string) {
  const names: string[] = []
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(segment.slice(1))
      return '([^/]+)'
    })
    .join('/')
  return { pattern: new RegExp(`^${source}/?$`), names }
}

/** The route's params, URL-decoded (`Zo%C3%AB` → `Zoë`), or null when the path does not match. */
function match(route: { pattern: RegExp; names: string[] }, path: string): Record<string, string> | null {
  const found = route.pattern.exec(path)
  if (!found) return null
  const params: Record<string, string> = {}
  for (const [i, name] of route.names.entries()) {
    try {
      params[name] = decodeURIComponent(found[i + 1]!)
    } catch {
      // decodeURIComponent throws a URIError on a malformed escape (`%E0%A4%A`). It must never
      // crash the server: here such a path matches no route, so it ends as a 404 (Express
      // answers 400 instead).
      return null
    }
  }
  return params
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
