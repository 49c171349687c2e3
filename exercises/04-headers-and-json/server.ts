// Lesson 04 — headers and JSON.
// Run `npm run check 4` to grade this file; `npm run lesson 4` explains the lesson.
// Try it by hand: `npx tsx server.ts` here, then `curl -i http://localhost:3000/products` in another terminal.
import http from 'node:http'

const products = ['shoes', 'lipstick', 'cups']

const server = http.createServer((req, res) => {
  // TODO: GET / → 200, Content-Type text/html, a page containing <h1>Products</h1>

  // TODO: GET /products → 200, the products as JSON (Content-Type application/json,
  //       body made with JSON.stringify) and the header Cache-Control: no-store

  // TODO: GET /products/count → 200, JSON {"count":3}

  // TODO: anything else → 404, JSON {"error":"Not found"}
  //       (every response needs a Content-Type that matches its body)

  res.end(`products: ${products.join(', ')}`)
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
