// Lesson 15 — making requests: a gateway in front of the service at UPSTREAM_URL.
// Run `npm run check 15` to grade this file; `npm run lesson 15` explains the lesson.
// To try it by hand, run the stand-in upstream first: `npx tsx upstream.ts` (port 4000).
import http from 'node:http'

const UPSTREAM_URL = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4000'

const server = http.createServer((req, res) => {
  // TODO: GET /proxy/<path> → http.get(UPSTREAM_URL + '/<path>'), then relay the upstream's
  //       status, Content-Type and body as it comes: pipeline(upstreamRes, res, …) from
  //       node:stream (the body may be several megabytes, or arrive slowly).

  // TODO: the upstream request can fail: listen for its 'error' event and answer
  //       502 {"error":"Bad gateway"} (a refused connection, a dropped socket).

  // TODO: no response headers from the upstream within 2 s → 504 {"error":"Gateway timeout"}.
  //       Only the headers have a limit: once they came, a body that pauses longer is relayed.

  // TODO: GET /weather-summary → read UPSTREAM_URL/weather ({"temps":[…]}) and answer
  //       {"min":…,"max":…,"avg":…}.

  res.writeHead(501, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ error: `Not implemented yet (upstream: ${UPSTREAM_URL})` }))
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
