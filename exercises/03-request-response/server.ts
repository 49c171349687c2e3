// Lesson 03 — req and res.
// Run `npm run check 3` to grade this file; `npm run lesson 3` explains the lesson.
// Try it by hand: `npx tsx server.ts` here, then `curl -i http://localhost:3000/` in another terminal.
import http from 'node:http'

const server = http.createServer((req, res) => {
  // TODO: GET /  → 200, Content-Type text/plain, body exactly "Hello, World!"

  // TODO: GET /countdown → 200, text/plain, the lines 3, 2, 1 and liftoff,
  //       each written with its own res.write(), then res.end()

  // TODO: anything else → 200, text/plain, "You asked for METHOD URL"
  //       (req.method and req.url tell you what was asked)

  res.end()
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
