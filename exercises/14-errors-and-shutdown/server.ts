// Lesson 14 — errors and graceful shutdown.
// Run `npm run check 14` to grade this file; `npm run lesson 14` explains the lesson.
// By hand: `npx tsx server.ts` in this folder (PORT=4000 npx tsx server.ts for another port).
import http from 'node:http'

const PORT = Number(process.env.PORT) || 3000

const server = http.createServer((req, res) => {
  // TODO: a handler that throws must not kill the server: catch the error and answer 500.
  if (req.url === '/boom') {
    throw new Error('Boom')
  }

  if (req.url === '/slow') {
    // A request that takes half a second: a graceful shutdown lets it finish.
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('done')
    }, 500)
    return
  }

  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('ok')
})

// TODO: listen for the server's 'error' event. For EADDRINUSE print a line containing
//       "already in use" with console.error (no stack trace) and exit with code 1.

// TODO: on SIGTERM print "shutting down", stop accepting connections with server.close(),
//       let requests in flight finish, then exit with code 0 within 5 s. Clients keep their
//       connections alive between requests (browsers do, and so do the checks): close() ends
//       the idle ones, but one busy with GET /slow goes idle only when its response finishes,
//       and then holds close() open until you close it (server.closeIdleConnections()).

server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT} (pid ${process.pid})`)
})
