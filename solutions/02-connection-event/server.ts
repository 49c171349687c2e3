// Lesson 02 — reference solution: the server is an EventEmitter, so we listen to its events.
import http from 'node:http'

// The port comes from the environment when it is set (PORT=4000 npx tsx server.ts), else 3000.
const port = Number(process.env.PORT) || 3000

// No request handler passed here: we register it below with server.on('request', …),
// which is exactly what createServer(handler) does for you.
const server = http.createServer()

// 'connection' fires once per TCP connection, before any request arrives on it. The socket is
// a two-way stream; HTTP requests and responses travel over it, one after another.
// A kept-alive connection carries many requests but fires 'connection' only once.
server.on('connection', (socket) => {
  console.log(`new connection from ${socket.remoteAddress}:${socket.remotePort}`)
})

// 'request' fires once per HTTP request, whichever connection it came on.
server.on('request', (req, res) => {
  console.log(`request: ${req.method} ${req.url}`)
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('ok')
})

// 'listening' fires once the port is bound (a tick after listen() returns, for a port number).
server.on('listening', () => {
  console.log(`Server listening on http://localhost:${port}`)
})

server.listen(port)
