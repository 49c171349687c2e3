// Lesson 02 — reference solution: the server is an EventEmitter, so we listen to its events.
import http from 'node:http'

// No request handler passed here: we register it below with server.on('request', …),
// which is exactly what createServer(handler) does for you.
const server = http.createServer()

// 'connection' fires once per TCP connection, before any request arrives on it.
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

// 'listening' fires once, when the port is bound and connections can come in.
server.on('listening', () => {
  console.log('Server listening on http://localhost:3000')
})

server.listen(3000)
