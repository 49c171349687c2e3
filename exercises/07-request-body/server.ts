// Lesson 07 — the body is a stream.
// Run `npm run check 7` to grade this file; `npm run lesson 7` explains the lesson.
import http from 'node:http'

type User = { id: number; name: string; [field: string]: unknown }

const users: User[] = []
let nextId = 1

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

const server = http.createServer((req, res) => {
  const path = new URL(`http://localhost${req.url ?? '/'}`).pathname

  if (path === '/users' && req.method === 'GET') return sendJson(res, 200, users)

  if (path === '/users' && req.method === 'POST') {
    // TODO: read the body from the request stream: collect every 'data' chunk (as Buffers),
    //       join them with Buffer.concat on 'end', and only then turn them into a string.
    //       (req.body does not exist in plain Node.)
    // TODO: count the bytes as they arrive; past 1,000,000 (1,000,000 itself is fine) answer 413
    //       {"error":"Payload too large"} at once, without waiting for the rest.
    // TODO: JSON.parse inside try/catch: not JSON → 400 {"error":"Invalid JSON"}.
    // TODO: no non-empty string `name` → 400 {"error":"Name is required"}. That includes JSON that
    //       is not an object (null, 42, "hi", []), which must not crash: `data.name` throws on null.
    // TODO: otherwise store { ...fields, id: nextId++ }, push it to `users`, answer 201 with it.
    return sendJson(res, 501, { error: 'Not implemented yet' })
  }

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
