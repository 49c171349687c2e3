// Lesson 12 — reference solution: a static file server for public/, safe against traversal, streaming.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'

// Resolved once, absolute: every file we serve must live under this folder.
const PUBLIC_DIR = path.resolve('public')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** The file a URL asks for, or null when it points outside PUBLIC_DIR. */
function fileFor(url: string): string | null {
  let pathname: string
  try {
    // Decode %2e%2e and %2f *before* checking, or "/..%2fserver.ts" slips through.
    pathname = decodeURIComponent(url.split('?')[0] ?? '/')
  } catch {
    return null // malformed %-escapes
  }
  if (pathname.includes('\0')) return null
  if (pathname.endsWith('/')) pathname += 'index.html'
  const file = path.resolve(PUBLIC_DIR, '.' + pathname)
  // path.resolve has already collapsed every "..": now the answer is a plain prefix test.
  return file.startsWith(PUBLIC_DIR + path.sep) ? file : null
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

  const file = fileFor(req.url ?? '/')
  if (!file) return sendError(res, 403, 'Forbidden')

  fs.stat(file, (error, stats) => {
    if (error || !stats.isFile()) return sendError(res, 404, 'Not found')

    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stats.size,
    })
    // HEAD: the same headers as GET, and no body.
    if (req.method === 'HEAD') return res.end()

    // A stream reads the file in 64 KB pieces and waits when the client is slower than the
    // disk (pipe handles the back-pressure), so a 1 GB file costs no more memory than a 1 KB one.
    const stream = fs.createReadStream(file)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  })
})

server.listen(3000, () => {
  console.log('Serving public/ on http://localhost:3000')
})
