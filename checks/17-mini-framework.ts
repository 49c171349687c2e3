/**
 * Lesson 17: what Express does for you. Module checks import the learner's app.ts in an
 * isolated child and drive createApp() directly: the server its listen(0) starts is served to
 * the DSL's requests (t.serve). HTTP checks grade the server that server.ts builds with it.
 */
import http from 'node:http'
import { defineChecks, drawn, escapeRegExp, exported, flow, get, moduleCheck, post, request, type ModuleCheckContext, type ServedServer } from '../src/dsl/index.ts'

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

/** How long a served app may take to answer one request. */
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

/**
 * Builds an app, starts it with listen(0) and serves it: the client sends the check's requests,
 * each on a connection of its own; the server is closed when the check ends.
 */
async function servedApp(exports: Record<string, unknown>, t: ModuleCheckContext, build: (app: MiniApp) => void): Promise<ServedServer> {
  const app = appFrom(exports, t)
  build(app)
  const server = app.listen(0) as http.Server
  if (!server || typeof (server as { address?: unknown }).address !== 'function') {
    t.fail('app.listen() must return the http.Server it started', { expected: 'an http.Server', actual: String(server) })
  }
  return t.serve(server, 'the server returned by app.listen()')
}

/** A request to a served app: a middleware that never calls next() shows within the check's time. */
const call = (method: string, path: string) => request(method, path).timeout(WAIT_MS)

export default defineChecks({
  lesson: 17,
  slug: 'mini-framework',
  moduleFile: 'app.ts',
  checks: [
    moduleCheck('create-app', 'app.ts exports createApp() returning use, get, post, put, delete and listen', (exports, t) => {
      appFrom(exports, t)
    }),

    moduleCheck('listen-returns-server', 'app.listen() starts an http.Server and returns it; no route matched → 404', async (exports, t) => {
      const app = await servedApp(exports, t, () => {})
      await app.send(call('GET', `/${t.random.word()}`).expectStatus(404))
    }),

    moduleCheck('middleware-order', 'middleware runs in the order it was added, each handing over with next()', async (exports, t) => {
      const names = [t.random.word(), t.random.word(), t.random.word()]
      const app = await servedApp(exports, t, (app) => {
        for (const name of names) {
          app.use((req, _res, next) => {
            req.seen = [...(req.seen ?? []), name]
            next()
          })
        }
        app.get('/order', (req, res) => res.json({ seen: [...req.seen, 'handler'] }))
      })
      await app.send(call('GET', '/order').expectStatus(200).expectExactJson({ seen: [...names, 'handler'] }))
    }),

    moduleCheck('params', 'route paths hold :params, given to the handler as req.params (URL-decoded)', async (exports, t) => {
      const id = String(t.random.int(1, 99999))
      // Encoded, it holds %C3%AB, %20 and %26: a framework that hands params on undecoded fails.
      const name = `${t.random.name()} & Zoë`
      const app = await servedApp(exports, t, (app) => {
        app.get('/users/:id/books/:title', (req, res) => res.json({ params: req.params }))
        app.get('/users/:id', (req, res) => res.json({ only: req.params }))
      })
      await app.send(call('GET', `/users/${id}/books/${encodeURIComponent(name)}`).expectStatus(200).expectExactJson({ params: { id, title: name } }))
      await app.send(call('GET', `/users/${id}`).expectStatus(200).expectExactJson({ only: { id } }))
    }),

    moduleCheck('methods', 'get, post, put and delete each answer only their own method', async (exports, t) => {
      const path = `/${t.random.word()}`
      const app = await servedApp(exports, t, (app) => {
        app.get(path, (_req, res) => res.json({ method: 'GET' }))
        app.post(path, (_req, res) => res.json({ method: 'POST' }))
        app.put(path, (_req, res) => res.json({ method: 'PUT' }))
        app.delete(path, (_req, res) => res.json({ method: 'DELETE' }))
        app.get('/only-get', (_req, res) => res.json({ method: 'GET' }))
      })
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) await app.send(call(method, path).expectStatus(200).expectExactJson({ method }))
      // Only a GET route exists there.
      await app.send(call('DELETE', '/only-get').expectStatus(404))
    }),

    moduleCheck('json-helper', 'res.json(value, status?) sends JSON with Content-Type application/json', async (exports, t) => {
      const value = { word: t.random.word(), list: [t.random.int(1, 9), true, null], name: t.random.name() }
      const app = await servedApp(exports, t, (app) => {
        app.get('/plain', (_req, res) => res.json(value))
        app.post('/created', (_req, res) => res.json(value, 201))
      })
      await app.send(call('GET', '/plain').expectStatus(200).expectExactJson(value))
      await app.send(call('POST', '/created').expectStatus(201).expectExactJson(value))
    }),

    moduleCheck('status-chainable', 'res.status(code) sets the status and returns res, so it chains', async (exports, t) => {
      const code = t.random.pick([202, 404, 418, 422])
      const app = await servedApp(exports, t, (app) => {
        app.get('/teapot', (_req, res) => {
          const returned = res.status(code)
          res.json({ chained: returned === res })
        })
        app.get('/chain', (_req, res) => res.status(code).json({ ok: true }))
      })
      await app.send(call('GET', '/teapot').expectStatus(code).expectExactJson({ chained: true }))
      await app.send(call('GET', '/chain').expectStatus(code).expectExactJson({ ok: true }))
    }),

    moduleCheck('error-handler', 'a 4-argument error handler added after the routes receives thrown errors and next(err)', async (exports, t) => {
      const thrownMessage = `thrown ${t.random.word()}`
      const passedMessage = `passed ${t.random.word()}`
      const app = await servedApp(exports, t, (app) => {
        app.get('/throws', () => {
          throw new Error(thrownMessage)
        })
        app.get('/passes', (_req, _res, next) => next(new Error(passedMessage)))
        app.use((error: unknown, _req: any, res: any, _next: unknown) => {
          res.status(500).json({ caught: error instanceof Error ? error.message : String(error) })
        })
      })
      await app.send(call('GET', '/throws').expectStatus(500).expectExactJson({ caught: thrownMessage }))
      await app.send(call('GET', '/passes').expectStatus(500).expectExactJson({ caught: passedMessage }))
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

    drawn('echo', 'POST /echo sends the JSON body back as JSON', ({ random }) => {
      const sent = { name: random.name(), note: `${random.word()} — Zoë 名前 🚀`, n: random.int(1, 999) }
      return post('/echo').json(sent).slowly().expectStatus(200).expectJson(sent)
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

