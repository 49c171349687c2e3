// Lesson 03 — reference solution: one handler, three kinds of answer.
import http from 'node:http'

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('Hello, World!')
    return
  }

  if (req.method === 'GET' && req.url === '/countdown') {
    // No Content-Length: Node sends the body in chunks as we write it.
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    for (const step of ['3', '2', '1']) res.write(`${step}\n`)
    res.end('liftoff\n')
    return
  }

  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end(`You asked for ${req.method} ${req.url}`)
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
