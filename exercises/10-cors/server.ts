// Lesson 10 — cross-origin requests (CORS).
// Run `npm run check 10` to grade this file; `npm run lesson 10` explains the lesson.
import http from 'node:http'

const server = http.createServer((req, res) => {
  // TODO: every response (200, 404 and preflight alike) needs the header
  //       Access-Control-Allow-Origin: *

  // TODO: OPTIONS on any path is a preflight → 204 with an empty body and
  //       Access-Control-Allow-Methods (GET, POST, PUT, DELETE) and
  //       Access-Control-Allow-Headers (Content-Type)

  if (req.method === 'GET' && req.url === '/data') {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ ok: true }))
    return
  }

  res.writeHead(404, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ error: 'Not found' }))
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
