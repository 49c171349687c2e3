// Lesson 11 — request logging.
// Run `npm run check 11` to grade this file; `npm run lesson 11` explains the lesson.
import http from 'node:http'

const server = http.createServer((req, res) => {
  // TODO: note the time the request arrived (performance.now()), and when the response
  //       has finished (res.on('finish', ...)) print one line:
  //       METHOD URL STATUS DURATIONms      e.g.  GET /users?page=2 200 3.4ms

  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('Hello from the logger')
    return
  }

  // TODO: GET /slow → 200 after about 100 ms (use a timer, never a busy loop)

  // TODO: POST /echo → 200 with exactly the bytes of the request body
  //       (it arrives in several chunks: collect them all before answering)

  res.writeHead(404, { 'Content-Type': 'text/plain' })
  res.end('Not found')
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
