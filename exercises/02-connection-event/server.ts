// Lesson 02 — the server is an EventEmitter.
// Run `npm run check 2` to grade this file; `npm run lesson 2` explains the lesson.
// Try it by hand: `npx tsx server.ts` here, then `curl http://localhost:3000/` in another terminal.
import http from 'node:http'

// The port comes from the environment when it is set (PORT=4000 npx tsx server.ts), else 3000.
const port = Number(process.env.PORT) || 3000

const server = http.createServer()

// TODO: on every 'connection', print a line containing "new connection"

// TODO: on every 'request', print a line containing "request",
//       then answer 200 with the body "ok"

// TODO: on 'listening', print a line containing "listening"

server.listen(port)
