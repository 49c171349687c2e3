// Lesson 13 — rate limiting: at most RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS per client IP.
// Run `npm run check 13` to grade this file; `npm run lesson 13` explains the lesson.
import http from 'node:http'

// TODO: read RATE_LIMIT_MAX (default 100) and RATE_LIMIT_WINDOW_MS (default 60000) from process.env.

// TODO: keep a count per client IP (req.socket.remoteAddress: with listen(3000) an IPv4 client
//       shows up as "::ffff:127.0.0.1"), e.g. in a Map, with the time its window started or ends.
//       Remember to forget old entries, or the Map grows forever.

const server = http.createServer((req, res) => {
  // TODO: over the limit → 429, JSON {"error":"Too many requests"} and a Retry-After header
  //       (whole seconds until the window resets, at least 1), then return: one answer only.

  // TODO: served responses carry X-RateLimit-Limit and X-RateLimit-Remaining (never negative).

  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ ok: true }))
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
