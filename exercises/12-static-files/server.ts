// Lesson 12 — serving a folder of static files.
// Run `npm run check 12` to grade this file; `npm run lesson 12` explains the lesson.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'

const PUBLIC_DIR = path.resolve('public')

const server = http.createServer((req, res) => {
  // TODO: map the URL to a file inside PUBLIC_DIR ("/" means index.html).
  //       Decode the path first, then make sure the result is still inside PUBLIC_DIR:
  //       "/../server.ts", "/%2e%2e/server.ts" and "/..%2fserver.ts" must answer 403 or 404.

  // TODO: missing file → 404

  // TODO: set Content-Type from the extension (.html .css .js .png .json .txt .svg),
  //       application/octet-stream for anything else

  // TODO: stream the file with fs.createReadStream(file).pipe(res) instead of reading it whole

  // TODO: HEAD → same status and headers as GET, but no body

  res.writeHead(200, { 'Content-Type': 'text/html' })
  res.end(fs.readFileSync(path.join(PUBLIC_DIR, 'index.html')))
})

server.listen(3000, () => {
  console.log('Serving public/ on http://localhost:3000')
})
