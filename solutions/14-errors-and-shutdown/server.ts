// Lesson 14 — reference solution: errors that do not kill the server, and a graceful shutdown.
import http from 'node:http'

const PORT = Number(process.env.PORT) || 3000
/** How long a shutdown may take before we give up on slow requests. */
const SHUTDOWN_DEADLINE_MS = 4000

function route(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('ok')
    return
  }
  if (req.method === 'GET' && req.url === '/slow') {
    // Something that takes a while: the request a shutdown must not cut off.
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('done')
    }, 500)
    return
  }
  if (req.method === 'GET' && req.url === '/boom') {
    throw new Error('Boom: a bug in a handler')
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' })
  res.end('Not found')
}

let shuttingDown = false

const server = http.createServer((req, res) => {
  // Once shutting down, a finished response leaves its kept-alive connection idle: close it, or
  // it holds server.close() open until the keep-alive timeout ends it.
  res.on('finish', () => {
    if (shuttingDown) server.closeIdleConnections()
  })
  try {
    route(req, res)
  } catch (error) {
    // One bad request must not take the server down: log it, answer 500, carry on.
    console.error(`${req.method} ${req.url} failed:`, (error as Error).message)
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: 'Internal Server Error' }))
    } else if (!res.writableEnded) {
      // Too late for a 500: the status has gone out. Cut the response off, so the client sees it failed.
      res.destroy()
    }
  }
})

// listen() reports failures as an 'error' event on the server, not as an exception.
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${PORT} is already in use. Stop the other program or choose another PORT.`)
  } else {
    console.error(`Server error: ${error.message}`)
  }
  process.exit(1)
})

function shutDown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  console.log(`${signal} received: shutting down`)
  // Stop accepting connections; the callback runs once every open connection has closed.
  // close() also closes the kept-alive connections idle right now (Node 19+); those busy with a
  // request are closed by the 'finish' listener above once their response has gone out.
  server.close(() => {
    console.log('All connections closed, bye')
    process.exit(0)
  })
  // A request that never finishes must not keep us alive forever.
  setTimeout(() => {
    console.error('Shutdown took too long; exiting anyway')
    process.exit(1)
  }, SHUTDOWN_DEADLINE_MS).unref()
}
process.on('SIGTERM', () => shutDown('SIGTERM'))
process.on('SIGINT', () => shutDown('SIGINT'))

server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT} (pid ${process.pid})`)
})
