// Lesson 06 — choosing the status.
// Run `npm run check 6` to grade this file; `npm run lesson 6` explains the lesson.
import http from 'node:http'

// Items are kept in memory: id → { id, name }.
const items = new Map<number, { id: number; name: string }>()
let nextId = 1

const server = http.createServer((req, res) => {
  // TODO: GET /old-page → 301 with Location: /new-page;  GET /new-page → 200

  // TODO: GET /admin → 401 with a WWW-Authenticate header when there is no Authorization header,
  //       403 for "Authorization: Bearer user-token", 200 for "Authorization: Bearer admin-token"

  // TODO: POST /items with a JSON body {"name": …} → 201, header Location: /items/<id>,
  //       and the stored item {"id": …, "name": …} as JSON (read the body from the request stream)

  // TODO: GET /items/:id → 200 the item or 404;
  //       DELETE /items/:id → 204 with no body (afterwards GET /items/:id is 404)

  // TODO: GET /boom throws an error; catch it and answer 500 {"error":"Internal Server Error"},
  //       so the server keeps serving the next request. (A try/catch around your routing catches
  //       that throw, but not one inside a req.on('end') listener or a timer: see the lesson.)

  // TODO: any unknown path → 404

  console.log(req.method, req.url, items.size, nextId)
  res.writeHead(200, { 'Content-Type': 'text/plain' })
  res.end('ok')
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
