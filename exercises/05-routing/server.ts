// Lesson 05 — method + path routing and query strings.
// Run `npm run check 5` to grade this file; `npm run lesson 5` explains the lesson.
import http from 'node:http'

// The users fixture: ids 1..25, named "User 1" … "User 25".
const users = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, name: `User ${i + 1}` }))

const server = http.createServer((req, res) => {
  // TODO: route on the path without its query string, with a fixed origin put in front of it:
  //       const url = new URL(`http://localhost${req.url ?? '/'}`)  → url.pathname, url.searchParams
  //       (not new URL(req.url, base): it reads "//users" as the host "users"; and do not build the
  //       URL from req.headers.host: a malformed Host header makes new URL throw)

  // TODO: GET /        → 200 {"message":"Welcome to the API","version":"1.0"}
  // TODO: GET /health  → 200 {"status":"healthy","uptime":<seconds since start>}
  // TODO: GET /users?page=P&limit=L → 200 {"data":[…],"page":P,"limit":L,"total":25}
  //       defaults page 1, limit 10; missing, non-numeric, zero or negative → the default;
  //       limit at most 100; past the last page, data is []
  // TODO: GET /users/:id → 200 the user, or 404 {"error":"Not found"} (also for /users/abc)
  // TODO: a known path with another method → 405 with an Allow header, e.g. "Allow: GET"
  // TODO: any unknown path → 404 {"error":"Not found"}, including //users and // (paths, not hosts)

  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ message: 'Welcome to the API', version: '1.0', users: users.length }))
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
