/**
 * Lesson 17: what Express does for you. Module checks import the learner's app.ts in an
 * isolated child and drive createApp() directly, over real HTTP; HTTP checks grade the server
 * that server.ts builds with it.
 */
import http from 'node:http'
import { defineChecks, escapeRegExp, exported, flow, get, moduleCheck, post, type ModuleCheckContext } from '../src/dsl/index.ts'

type Handler = (req: any, res: any, next: (error?: unknown) => void) => unknown
type MiniApp = {
  /** Middleware (3 parameters) or an error handler (4). */
  use(handler: (...args: any[]) => unknown): unknown
  get(path: string, handler: Handler): unknown
  post(path: string, handler: Handler): unknown
  put(path: string, handler: Handler): unknown
  delete(path: string, handler: Handler): unknown
  listen(port: number, callback?: () => void): unknown
}
type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; json: unknown }

const WAIT_MS = 1500

/** createApp() from the learner's module, checked to be a function. */
function appFrom(exports: Record<string, unknown>, t: ModuleCheckContext): MiniApp {
  const createApp = exported(exports, 'createApp')
  if (typeof createApp !== 'function') t.fail('app.ts must export a function createApp()', { expected: 'export function createApp()', actual: createApp === undefined ? 'no createApp export' : typeof createApp })
  const app = (createApp as () => unknown)()
  if (!app || typeof app !== 'object' && typeof app !== 'function') t.fail('createApp() must return an app object', { expected: 'an object', actual: String(app) })
  for (const method of ['use', 'get', 'post', 'put', 'delete', 'listen'] as const) {
    if (typeof (app as Record<string, unknown>)[method] !== 'function') t.fail(`the app has no ${method}() method`, { expected: `app.${method}()`, actual: 'missing' })
  }
  return app as MiniApp
}

/** Builds an app, starts it with listen(0), runs `use` against its port, and always closes it. */
async function withApp(exports: Record<string, unknown>, t: ModuleCheckContext, build: (app: MiniApp) => void, use: (call: (method: string, path: string, body?: string) => Promise<Reply>) => Promise<void>) {
  const app = appFrom(exports, t)
  build(app)
  const server = app.listen(0) as http.Server
  if (!server || typeof (server as { address?: unknown }).address !== 'function') {
    t.fail('app.listen() must return the http.Server it started', { expected: 'an http.Server', actual: String(server) })
  }
  try {
    const port = await listeningPort(server, t)
    await use((method, path, body) => call(port, method, path, body, t))
  } finally {
    server.closeAllConnections?.()
    server.close()
  }
}

function listeningPort(server: http.Server, t: ModuleCheckContext): Promise<number> {
  const portOf = () => {
    const address = server.address()
    return address && typeof address === 'object' ? address.port : null
  }
  const now = server.listening ? portOf() : null
  if (now) return Promise.resolve(now)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(failure(t, `the server returned by app.listen() did not start listening within ${WAIT_MS} ms`)), WAIT_MS)
    server.once('listening', () => {
      clearTimeout(timer)
      const port = portOf()
      if (port) resolve(port)
      else reject(failure(t, 'the server listens, but not on a TCP port'))
    })
  })
}

/** One request over a fresh connection, with a deadline; the reply with its body parsed when it is JSON. */
function call(port: number, method: string, path: string, body: string | undefined, t: ModuleCheckContext): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }
    const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        clearTimeout(timer)
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text, json })
      })
    })
    const timer = setTimeout(() => {
      request.destroy()
      reject(failure(t, `${method} ${path}: no complete response within ${WAIT_MS} ms (a middleware that never calls next(), or a response never ended?)`))
    }, WAIT_MS)
    request.on('error', (error) => {
      clearTimeout(timer)
      reject(failure(t, `${method} ${path}: ${error.message}`))
    })
    request.end(body)
  })
}

/** t.fail() throws; this returns the same failure so a promise can reject with it. */
function failure(t: ModuleCheckContext, message: string): unknown {
  try {
    t.fail(message)
  } catch (error) {
    return error
  }
}

function expectJsonReply(t: ModuleCheckContext, reply: Reply, status: number, value: unknown, what: string) {
  if (reply.status !== status) t.fail(`${what}: expected status ${status}, got ${reply.status}`, { expected: String(status), actual: String(reply.status) })
  const type = String(reply.headers['content-type'] ?? '')
  if (!/^application\/json\s*(;|$)/i.test(type)) t.fail(`${what}: expected Content-Type application/json, got ${type || 'none'}`, { expected: 'application/json', actual: type || 'no Content-Type' })
  t.equal(reply.json, value, `the JSON of ${what}`)
}

export default defineChecks({
  lesson: 17,
  slug: 'mini-framework',
  moduleFile: 'app.ts',
  checks: [
    moduleCheck('create-app', 'app.ts exports createApp() returning use, get, post, put, delete and listen', (exports, t) => {
      appFrom(exports, t)
    }),

    moduleCheck('listen-returns-server', 'app.listen() starts an http.Server and returns it; no route matched → 404', (exports, t) =>
      withApp(exports, t, () => {}, async (call) => {
        const reply = await call('GET', `/${t.random.word()}`)
        if (reply.status !== 404) t.fail(`a request no route matches: expected status 404, got ${reply.status}`, { expected: '404', actual: String(reply.status) })
      }),
    ),

    moduleCheck('middleware-order', 'middleware runs in the order it was added, each handing over with next()', (exports, t) => {
      const names = [t.random.word(), t.random.word(), t.random.word()]
      return withApp(
        exports,
        t,
        (app) => {
          for (const name of names) {
            app.use((req, _res, next) => {
              req.seen = [...(req.seen ?? []), name]
              next()
            })
          }
          app.get('/order', (req, res) => res.json({ seen: [...req.seen, 'handler'] }))
        },
        async (call) => expectJsonReply(t, await call('GET', '/order'), 200, { seen: [...names, 'handler'] }, 'GET /order'),
      )
    }),

    moduleCheck('params', 'route paths hold :params, given to the handler as req.params (URL-decoded)', (exports, t) => {
      const id = String(t.random.int(1, 99999))
      // Encoded, it holds %C3%AB, %20 and %26: a framework that hands params on undecoded fails.
      const name = `${t.random.name()} & Zoë`
      return withApp(
        exports,
        t,
        (app) => {
          app.get('/users/:id/books/:title', (req, res) => res.json({ params: req.params }))
          app.get('/users/:id', (req, res) => res.json({ only: req.params }))
        },
        async (call) => {
          expectJsonReply(t, await call('GET', `/users/${id}/books/${encodeURIComponent(name)}`), 200, { params: { id, title: name } }, `GET /users/${id}/books/…`)
          expectJsonReply(t, await call('GET', `/users/${id}`), 200, { only: { id } }, `GET /users/${id}`)
        },
      )
    }),

    moduleCheck('methods', 'get, post, put and delete each answer only their own method', (exports, t) => {
      const path = `/${t.random.word()}`
      return withApp(
        exports,
        t,
        (app) => {
          app.get(path, (_req, res) => res.json({ method: 'GET' }))
          app.post(path, (_req, res) => res.json({ method: 'POST' }))
          app.put(path, (_req, res) => res.json({ method: 'PUT' }))
          app.delete(path, (_req, res) => res.json({ method: 'DELETE' }))
          app.get('/only-get', (_req, res) => res.json({ method: 'GET' }))
        },
        async (call) => {
          for (const method of ['GET', 'POST', 'PUT', 'DELETE']) expectJsonReply(t, await call(method, path), 200, { method }, `${method} ${path}`)
          const reply = await call('DELETE', '/only-get')
          if (reply.status !== 404) t.fail(`DELETE /only-get (only a GET route exists): expected status 404, got ${reply.status}`, { expected: '404', actual: String(reply.status) })
        },
      )
    }),

    moduleCheck('json-helper', 'res.json(value, status?) sends JSON with Content-Type application/json', (exports, t) => {
      const value = { word: t.random.word(), list: [t.random.int(1, 9), true, null], name: t.random.name() }
      return withApp(
        exports,
        t,
        (app) => {
          app.get('/plain', (_req, res) => res.json(value))
          app.post('/created', (_req, res) => res.json(value, 201))
        },
        async (call) => {
          expectJsonReply(t, await call('GET', '/plain'), 200, value, 'res.json(value)')
          expectJsonReply(t, await call('POST', '/created'), 201, value, 'res.json(value, 201)')
        },
      )
    }),

    moduleCheck('status-chainable', 'res.status(code) sets the status and returns res, so it chains', (exports, t) => {
      const code = t.random.pick([202, 404, 418, 422])
      return withApp(
        exports,
        t,
        (app) => {
          app.get('/teapot', (_req, res) => {
            const returned = res.status(code)
            res.json({ chained: returned === res })
          })
          app.get('/chain', (_req, res) => res.status(code).json({ ok: true }))
        },
        async (call) => {
          expectJsonReply(t, await call('GET', '/teapot'), code, { chained: true }, `res.status(${code})`)
          expectJsonReply(t, await call('GET', '/chain'), code, { ok: true }, `res.status(${code}).json(...)`)
        },
      )
    }),

    moduleCheck('error-handler', 'a 4-argument error handler added after the routes receives thrown errors and next(err)', (exports, t) => {
      const thrownMessage = `thrown ${t.random.word()}`
      const passedMessage = `passed ${t.random.word()}`
      return withApp(
        exports,
        t,
        (app) => {
          app.get('/throws', () => {
            throw new Error(thrownMessage)
          })
          app.get('/passes', (_req, _res, next) => next(new Error(passedMessage)))
          app.use((error: unknown, _req: any, res: any, _next: unknown) => {
            res.status(500).json({ caught: error instanceof Error ? error.message : String(error) })
          })
        },
        async (call) => {
          expectJsonReply(t, await call('GET', '/throws'), 500, { caught: thrownMessage }, 'a handler that throws')
          expectJsonReply(t, await call('GET', '/passes'), 500, { caught: passedMessage }, 'a handler that calls next(err)')
        },
      )
    }),

    // ── server.ts, over HTTP ──

    flow('hello', 'GET /hello/:name answers {"hello": name}, the name URL-decoded (/hello/Zo%C3%AB → "Zoë")', async (t) => {
      await t.send(get('/hello/Zo%C3%AB').expectStatus(200).expectJson({ hello: 'Zoë' }))
      for (const name of [t.random.word(), `${t.random.name()} Ødegaard`]) {
        await t.send(get(`/hello/${encodeURIComponent(name)}`).expectStatus(200).expectJson({ hello: name }))
      }
    }),

    flow('logging', 'a logging middleware prints a line with the method and path of each request', async (t) => {
      const path = `/hello/${t.random.word()}`
      const since = t.output.mark()
      await t.send(get(path).expectStatus(200))
      const line = await t.output.waitForLine(new RegExp(`^(?=.*\\bGET\\b)(?=.*${escapeRegExp(path)})`, 'i'), { since })
      if (!line) {
        t.fail(`no line on stdout mentions GET and ${path}`, { expected: `a line containing GET and ${path}`, actual: t.output.lines({ since }).join(' | ') || 'nothing printed' })
      }
    }),

    flow('echo', 'POST /echo sends the JSON body back as JSON', async (t) => {
      const sent = { name: t.random.name(), note: `${t.random.word()} — Zoë 名前 🚀`, n: t.random.int(1, 999) }
      await t.send(post('/echo').json(sent).slowly().expectStatus(200).expectJson(sent))
    }),

    flow('fail', 'GET /fail is answered 500 by the error handler, and the server keeps serving', async (t) => {
      await t.send(get('/fail').expectStatus(500))
      await t.settle()
      await t.settle()
      if (!t.listening) t.fail('GET /fail was answered, but then the program crashed', { expected: 'the server still running', actual: 'the program exited' })
      const name = t.random.word()
      await t.send(get(`/hello/${name}`).expectStatus(200).expectJson({ hello: name }))
    }),
  ],
})

