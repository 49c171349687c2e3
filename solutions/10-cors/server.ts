// Lesson 10 — reference solution: CORS headers on every response, preflights answered first.
import http from 'node:http'

const server = http.createServer((req, res) => {
  // Set before any branch, so every answer carries it: successes, 404s and preflights alike.
  // A browser hides any response without it from the page, errors included.
  res.setHeader('Access-Control-Allow-Origin', '*')

  // A preflight asks "may I?" before the real request. It needs permission, not content.
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Max-Age': '600', // the browser may reuse this answer for 10 minutes
    })
    res.end()
    return
  }

  const path = new URL(req.url ?? '/', 'http://localhost').pathname

  if (req.method === 'GET' && path === '/data') {
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
