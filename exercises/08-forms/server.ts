// Lesson 08 — JSON and URL-encoded bodies.
// Run `npm run check 8` to grade this file; `npm run lesson 8` explains the lesson.
import http from 'node:http'

// TODO: add a <form> that posts its fields `email` and `plan` to /signup (method post).
const SIGNUP_PAGE = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>Sign up</title></head>
  <body>
    <h1>Sign up</h1>
  </body>
</html>
`

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

const server = http.createServer((req, res) => {
  const path = new URL(`http://localhost${req.url ?? '/'}`).pathname

  if (path === '/signup' && req.method === 'GET') {
    // TODO: is text/plain the right Content-Type for an HTML page?
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end(SIGNUP_PAGE)
    return
  }

  if (path === '/signup' && req.method === 'POST') {
    // TODO: look at the request's Content-Type (it may carry "; charset=utf-8"):
    //       - application/json → JSON.parse the body
    //       - application/x-www-form-urlencoded → new URLSearchParams(body) decodes + and %XX
    //       - anything else, or none → 415 with a JSON {"error": "..."}
    // TODO: read the whole body first (collect Buffers, Buffer.concat on 'end').
    // TODO: missing or empty email → 400 with a JSON {"error": "..."};
    //       otherwise 201 {"email": ..., "plan": ...}.
    return sendJson(res, 501, { error: 'Not implemented yet' })
  }

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
