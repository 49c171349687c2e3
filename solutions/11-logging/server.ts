// Lesson 11 — reference solution: a logger that writes one line when each response finishes.
import http from 'node:http'

/** Prints `METHOD URL STATUS DURATIONms` once the response has been fully handed to the OS. */
function logRequests(req: http.IncomingMessage, res: http.ServerResponse) {
  const started = performance.now()
  // 'finish' fires after res.end() has flushed everything, whichever branch ended it,
  // so res.statusCode is the status really sent and the duration includes all the waiting.
  res.on('finish', () => {
    const ms = (performance.now() - started).toFixed(1)
    console.log(`${req.method} ${req.url} ${res.statusCode} ${ms}ms`)
  })
}

const server = http.createServer((req, res) => {
  logRequests(req, res)

  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('Hello from the logger')
    return
  }

  if (req.method === 'GET' && req.url === '/slow') {
    // A timer, not a busy loop: other requests are served meanwhile.
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('Sorry for the wait')
    }, 100)
    return
  }

  if (req.method === 'POST' && req.url === '/echo') {
    // Collect raw bytes and join them once: no character is cut in half by decoding early.
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': req.headers['content-type'] ?? 'application/octet-stream' })
      res.end(Buffer.concat(chunks))
    })
    return
  }

  res.writeHead(404, { 'Content-Type': 'text/plain' })
  res.end('Not found')
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
