// Lesson 12 — serving a folder of static files.
// Run `npm run check 12` to grade this file; `npm run lesson 12` explains the lesson.
// By hand: `npx tsx server.ts` in this folder, then http://localhost:3000/ in a browser.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'

// The public/ folder next to this file, wherever the program is started from.
// (__dirname exists here because TypeScript and tsx treat this file as CommonJS.)
const PUBLIC_DIR = path.join(__dirname, 'public')

const server = http.createServer((req, res) => {
  // TODO: map the URL to a file inside PUBLIC_DIR ("/" means index.html).
  //       Decode the path first, then make sure the result is still inside PUBLIC_DIR:
  //       "/../server.ts", "/%2e%2e/server.ts" and "/..%2fserver.ts" must answer 403 or 404.

  // TODO: a path no file can have must answer 400 (or 404), never crash the server:
  //       "/%E0%A4%A" makes decodeURIComponent throw a URIError, and "/%00" decodes to a
  //       NUL byte, on which fs.stat throws at once (not through its callback).

  // TODO: missing file → 404

  // TODO: set Content-Type from the extension (.html .css .js .png .json .txt .svg),
  //       application/octet-stream for anything else

  // TODO: stream the file instead of reading it whole, with
  //       pipeline(fs.createReadStream(file), res, callback) from 'node:stream'
  //       (not .pipe(res), which leaves the file open when the client hangs up)

  // TODO: HEAD → same status and headers as GET, but no body

  res.writeHead(200, { 'Content-Type': 'text/html' })
  res.end(fs.readFileSync(path.join(PUBLIC_DIR, 'index.html')))
})

server.listen(3000, () => {
  console.log('Serving public/ on http://localhost:3000')
})
