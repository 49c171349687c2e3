// Lesson 19 — TCP underneath: a line protocol on a bare socket, and HTTP answered by hand.
// No http module here: net.createServer hands you each client's socket, a two-way stream of bytes.
// Run `npm run check 19` to grade this file; `npm run lesson 19` explains the lesson.
import net from 'node:net'

const server = net.createServer((socket) => {
  console.log(`client connected from ${socket.remoteAddress}`)

  // TODO: framing. A 'data' chunk is not a line: one line may come in several chunks, and one
  //       chunk may hold several lines. Keep what arrived in a buffer, answer each complete line
  //       (up to '\n', with a trailing '\r' removed) in order, and keep the unfinished rest.
  //       (socket.setEncoding('utf8') keeps a character cut between two chunks in one piece.)

  // TODO: answer each line with one line ending in '\n':
  //       PING → PONG, ECHO <text> → <text>, TIME → new Date().toISOString(),
  //       QUIT → BYE and then end the connection (socket.end), anything else → ERR unknown command.

  // TODO: WATCH → WATCHING, then TICK 1, TICK 2, … every 100 ms (setInterval) while other
  //       commands are still answered, until STOP (→ STOPPED) or the client leaves: clear the
  //       timer on the socket's 'close', or it writes to a socket that is gone.

  // TODO: when the FIRST line is an HTTP request line (GET /path HTTP/1.1), read the header lines
  //       up to the empty line, then answer by hand and end the connection:
  //       HTTP/1.1 200 OK, Content-Type: text/plain, Content-Length (in bytes!), Connection: close,
  //       body "You asked for GET /path" ("café ☕" for GET /cafe).

  // TODO: listen for 'error' on the socket: a client that vanishes (ECONNRESET) must not crash the server.

  socket.on('data', (chunk) => {
    socket.write(`ERR not implemented yet (received ${chunk.length} bytes)\n`)
  })
})

server.listen(3000, () => {
  console.log('Listening on port 3000: try nc localhost 3000')
})
