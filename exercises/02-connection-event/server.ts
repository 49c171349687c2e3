// Lesson 02 — the server is an EventEmitter.
// Run `npm run check 2` to grade this file; `npm run lesson 2` explains the lesson.
import http from 'node:http'

const server = http.createServer()

// TODO: on every 'connection', print a line containing "new connection"

// TODO: on every 'request', print a line containing "request",
//       then answer 200 with the body "ok"

// TODO: on 'listening', print a line containing "listening"

server.listen(3000)
