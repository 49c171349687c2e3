// Lesson 19 — reference solution: a line protocol on a bare TCP socket, with no http module,
// and a plain HTTP/1.1 answer written by hand when a client speaks HTTP.
import net from 'node:net'

const TICK_MS = 100
/** `GET /path HTTP/1.1`: a method, a target, and the protocol version. */
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/

const server = net.createServer((socket) => {
  // Text decoded from the stream: setEncoding holds back a character cut between two packets.
  socket.setEncoding('utf8')
  let pending = '' // what arrived after the last '\n': the start of a line still on its way
  let firstLine = true
  let httpRequest: { method: string; target: string } | null = null // reading an HTTP head
  let ticker: NodeJS.Timeout | null = null

  const send = (line: string) => socket.write(`${line}\n`)
  const stopTicking = () => {
    if (ticker) clearInterval(ticker)
    ticker = null
  }
  const finished = () => socket.writableEnded || socket.destroyed

  socket.on('data', (chunk: string) => {
    pending += chunk
    // Framing: every complete line, in order; a partial line waits for the rest.
    let end: number
    while ((end = pending.indexOf('\n')) !== -1 && !finished()) {
      const line = pending.slice(0, end).replace(/\r$/, '')
      pending = pending.slice(end + 1)
      handleLine(line)
    }
  })

  function handleLine(line: string) {
    if (httpRequest) {
      if (line === '') answerHttp(httpRequest.method, httpRequest.target) // the empty line ends the head
      return // a header line: nothing to answer
    }
    const request = firstLine ? REQUEST_LINE.exec(line) : null
    firstLine = false
    if (request) {
      httpRequest = { method: request[1]!, target: request[2]! }
      return
    }

    const space = line.indexOf(' ')
    const command = space === -1 ? line : line.slice(0, space)
    const text = space === -1 ? '' : line.slice(space + 1)
    switch (command) {
      case 'PING':
        return send('PONG')
      case 'ECHO':
        return send(text)
      case 'TIME':
        return send(new Date().toISOString())
      case 'QUIT':
        stopTicking()
        return socket.end('BYE\n') // sends BYE, then ends our side of the connection
      case 'WATCH': {
        stopTicking()
        send('WATCHING')
        let count = 0
        ticker = setInterval(() => send(`TICK ${++count}`), TICK_MS)
        return
      }
      case 'STOP':
        stopTicking()
        return send('STOPPED')
      default:
        return send('ERR unknown command')
    }
  }

  function answerHttp(method: string, target: string) {
    const body = target === '/cafe' ? 'café ☕' : `You asked for ${method} ${target}`
    socket.end(
      'HTTP/1.1 200 OK\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` + // bytes, not characters: 'café ☕' is 9
        'Connection: close\r\n' +
        '\r\n' +
        body,
    )
  }

  // 'close' comes however the client left: a polite end, a reset, or our own end().
  socket.on('close', stopTicking)
  // A client that vanishes (ECONNRESET) must not take the server down with it.
  socket.on('error', (error: NodeJS.ErrnoException) => console.log(`client error: ${error.code ?? error.message}`))
})

server.listen(3000, () => {
  console.log('Listening on port 3000: try nc localhost 3000')
})
