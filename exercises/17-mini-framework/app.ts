// Lesson 17 — your own mini Express, on nothing but node:http.
// `npm run lesson 17` explains it; `npm run check 17` grades this file and server.ts.
import http from 'node:http'

type Handler = (req: any, res: any, next: (error?: unknown) => void) => unknown

export function createApp() {
  // TODO: keep ONE list of layers — middleware, routes and error handlers — in the order
  //       they are registered. A layer knows its method (or any), its path (or any) and
  //       its function. An error handler is a function with 4 parameters (fn.length === 4).
  const layers: { method: string | null; path: string | null; handler: Handler }[] = []

  function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    // TODO: add the helpers to res:
    //       res.status(code) sets res.statusCode and returns res (so it chains);
    //       res.json(value, status?) sets the status if given, Content-Type application/json,
    //       and ends with JSON.stringify(value).
    // TODO: walk the layers with a next(error?) function:
    //       - skip a layer whose method or path does not match (`/hello/:name` matches
    //         `/hello/Ada` and sets req.params = { name: 'Ada' }, URL-decoded:
    //         `/hello/Zo%C3%AB` gives 'Zoë'; decodeURIComponent throws on a malformed escape);
    //       - with no error, run middleware and routes; with an error, only error handlers;
    //       - a handler that throws is the same as one that calls next(error).
    //       - when the list runs out: an error → 500, otherwise → 404.
    void layers
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    res.end('Not found')
  }

  const app = {
    use(handler: (...args: any[]) => unknown) {
      layers.push({ method: null, path: null, handler })
      return app
    },
    // TODO: get, post, put and delete(path, handler) register routes
    get(path: string, handler: Handler) {
      layers.push({ method: 'GET', path, handler })
      return app
    },
    post(_path: string, _handler: Handler) {
      return app
    },
    put(_path: string, _handler: Handler) {
      return app
    },
    delete(_path: string, _handler: Handler) {
      return app
    },
    listen(port: number, callback?: () => void): http.Server {
      const server = http.createServer(handle)
      return server.listen(port, callback)
    },
  }
  return app
}
