// Lesson 12 — reference solution: a static file server for public/, safe against traversal, streaming.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream'

// The public/ folder next to this file, wherever the program is started from. This file is
// CommonJS as TypeScript and tsx see it (exercises/package.json has no "type"), so __dirname
// exists; an ES module would use import.meta.dirname (Node 20.11+).
const PUBLIC_DIR = path.join(__dirname, 'public')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** The file a URL asks for, or the status that refuses it. */
function fileFor(url: string): { file: string } | { status: 400 | 403 } {
  let pathname: string
  try {
    // Decode %2e%2e and %2f *before* checking, or "/..%2fserver.ts" slips through.
    pathname = decodeURIComponent(url.split('?')[0] ?? '/')
  } catch {
    return { status: 400 } // a malformed %-escape: decodeURIComponent threw a URIError
  }
  // No file name holds a NUL byte, and fs.stat would throw on one (at once, not via its callback).
  if (pathname.includes('\0')) return { status: 400 }
  if (pathname.endsWith('/')) pathname += 'index.html'
  const file = path.resolve(PUBLIC_DIR, '.' + pathname)
  // path.resolve has already collapsed every "..": now the answer is a plain prefix test.
  return file.startsWith(PUBLIC_DIR + path.sep) ? { file } : { status: 403 }
}

function sendError(res: http.ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(message)
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return sendError(res, 405, 'Method not allowed')
  }

  const target = fileFor(req.url ?? '/')
  if ('status' in target) return sendError(res, target.status, target.status === 400 ? 'Bad request' : 'Forbidden')
  const { file } = target

  fs.stat(file, (error, stats) => {
    if (error || !stats.isFile()) return sendError(res, 404, 'Not found')

    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stats.size,
    })
    // HEAD: the same headers as GET, and no body.
    if (req.method === 'HEAD') return res.end()

    // A stream reads the file in 64 KiB pieces and waits while the client is slower than the
    // disk, so a 1 GB file costs no more memory than a 1 KB one. pipeline (unlike pipe) also
    // destroys the file stream when the client hangs up, and the response when the file fails.
    pipeline(fs.createReadStream(file), res, (error) => {
      // ERR_STREAM_PREMATURE_CLOSE only says the client left early: nothing to report.
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`${req.url}: ${error.message}`)
    })
  })
})

server.listen(3000, () => {
  console.log('Serving public/ on http://localhost:3000')
})
