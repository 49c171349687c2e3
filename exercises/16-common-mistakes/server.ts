// Lesson 16 — the clinic. This server looks finished, yet every route has a mistake in it.
// Run `npm run check 16`: each failing check names the mistake it saw. Fix them one by one
// (`npm run lesson 16` tours every mistake: what it looks like, what Node does, the fix).
import http from 'node:http'

let visits = 0

const server = http.createServer((req, res) => {
  visits++

  // TODO: GET / → 200, text/plain, "home". It answers... and then something goes wrong.
  if (req.method === 'GET' && req.url === '/') {
    res.setHeader('Content-Type', 'text/plain')
    res.end('home')
  }

  // TODO: GET /about → 200, text/plain, "about". Why does curl wait forever?
  if (req.method === 'GET' && req.url === '/about') {
    res.setHeader('Content-Type', 'text/plain')
    res.write('about')
    return
  }

  // TODO: GET /api/stats → 200, JSON {"visits": <number>}
  if (req.method === 'GET' && req.url === '/api/stats') {
    res.setHeader('Content-Type', 'application/json')
    res.end({ visits })
    return
  }

  // TODO: POST /api/echo → 200, the JSON it was sent, as JSON (it may arrive in small pieces)
  if (req.method === 'POST' && req.url === '/api/echo') {
    let raw = ''
    req.on('data', (chunk) => {
      raw += chunk
    })
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json')
      res.end(raw)
    })
    return
  }

  // TODO: POST /api/greet with JSON {"name": …} → 200, JSON {"greeting": "Hello, <name>!"}
  //       (your editor already underlines one word here: what does it say?)
  if (req.method === 'POST' && req.url === '/api/greet') {
    // In Express, express.json() would have filled req.body by now.
    const { name } = req.body ?? {}
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ greeting: `Hello, ${name}!` }))
    return
  }

  // TODO: GET /api/time → 200, JSON {"now": "<the current time, ISO 8601>"}
  if (req.method === 'GET' && req.url === '/api/time') {
    res.end(JSON.stringify({ now: new Date().toISOString() }))
    return
  }

  // TODO: GET /api/user → 200, JSON {"name":"Ada"}, header X-Cache: miss
  if (req.method === 'GET' && req.url === '/api/user') {
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ name: 'Ada' }))
    res.setHeader('X-Cache', 'miss')
    return
  }

  // Anything else
  res.end('Not found')
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
