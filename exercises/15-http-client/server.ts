// Lesson 15 — making requests: a gateway in front of the service at UPSTREAM_URL.
// Run `npm run check 15` to grade this file; `npm run lesson 15` explains the lesson.
import http from 'node:http'

const UPSTREAM_URL = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4000'

const server = http.createServer((req, res) => {
  // TODO: GET /proxy/<path> → http.get(UPSTREAM_URL + '/<path>'), then relay the upstream's
  //       status, Content-Type and body (pipe it: it may be several megabytes).

  // TODO: the upstream request can fail: listen for its 'error' event and answer
  //       502 {"error":"Bad gateway"} (a refused connection, a dropped socket).

  // TODO: no response headers from the upstream within 2 s → 504 {"error":"Gateway timeout"}.

  // TODO: GET /weather-summary → read UPSTREAM_URL/weather ({"temps":[…]}) and answer
  //       {"min":…,"max":…,"avg":…}.

  res.writeHead(501, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ error: `Not implemented yet (upstream: ${UPSTREAM_URL})` }))
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
