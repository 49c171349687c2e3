// Lesson 04 — reference solution: every answer says what it is with a Content-Type.
import http from 'node:http'

const products = ['shoes', 'lipstick', 'cups']

/** Sends `value` as JSON: the header says so, and JSON.stringify turns it into text. */
function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    // Bytes, not characters: Buffer.byteLength counts a multi-byte character correctly.
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  })
  res.end(body)
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    // setHeader collects headers one by one; nothing is sent until the body starts.
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.end('<!doctype html><title>Shop</title><h1>Products</h1>')
    return
  }

  if (req.method === 'GET' && req.url === '/products') {
    // no-store: the list changes, so no cache may keep a copy.
    sendJson(res, 200, products, { 'Cache-Control': 'no-store' })
    return
  }

  if (req.method === 'GET' && req.url === '/products/count') {
    sendJson(res, 200, { count: products.length })
    return
  }

  // Even an error is a body, and a body needs its Content-Type.
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
