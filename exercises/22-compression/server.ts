// Lesson 22 — gzip, brotli and content negotiation.
// Run `npm run check 22` to grade this file; `npm run lesson 22` explains the lesson.
// By hand: `npx tsx server.ts` in this folder, then the curl lines at the end of the lesson.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream'
// import zlib from 'node:zlib'   // createGzip, createBrotliCompress, createGunzip, constants

// The public/ folder next to this file, wherever the program is started from.
const PUBLIC_DIR = path.join(__dirname, 'public')
const FILES = new Set(['/big.txt', '/small.txt'])

/** An upload that inflates to more than this is refused with 413 (the checks set it lower). */
const MAX_INFLATED_BYTES = Number(process.env.MAX_INFLATED_BYTES ?? 10_000_000)

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

function serveFile(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
  const file = path.join(PUBLIC_DIR, name)
  fs.stat(file, (error, stats) => {
    if (error || !stats.isFile()) return sendJson(res, 404, { error: 'Not found' })

    // TODO: read req.headers['accept-encoding'] and pick a coding: 'br', 'gzip' or none.
    //       Each item may carry a weight, "gzip;q=0.5" (1 when absent); q=0 means "not that one";
    //       "*" stands for every coding not named; the order of the items means nothing.
    //       Take the heaviest of br and gzip above 0, br when they weigh the same.
    //       No Accept-Encoding at all, or "identity": the file as it is.
    // TODO: files under 1 KB (small.txt) are always sent as they are.
    // TODO: every answer, compressed or not, says `Vary: Accept-Encoding`.
    // TODO: compressed: set Content-Encoding, leave Content-Length out, and stream
    //       pipeline(fs.createReadStream(file), zlib.createGzip() or createBrotliCompress(…), res, callback).
    //       Brotli's default quality (11) takes seconds per MB: pass
    //       { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }.
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': stats.size })
    pipeline(fs.createReadStream(file), res, (error) => {
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`${req.url}: ${error.message}`)
    })
  })
}

function upload(req: http.IncomingMessage, res: http.ServerResponse) {
  // TODO: Content-Encoding other than gzip (or none) → 415.
  // TODO: pipe req through zlib.createGunzip() into a Writable that counts the inflated bytes.
  //       Past MAX_INFLATED_BYTES, stop at once (call the write callback with an error) and
  //       answer 413 {"error":"Payload too large"}: never wait for the rest of a zip bomb.
  // TODO: gzip that zlib cannot read (its errors have codes starting with Z_) → 400.
  // TODO: otherwise, once it is all in: 200 {"bytes": <inflated size>}.
  sendJson(res, 501, { error: 'Not implemented yet' })
}

const server = http.createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname

  if (FILES.has(pathname) && (req.method === 'GET' || req.method === 'HEAD')) return serveFile(req, res, pathname.slice(1))
  if (pathname === '/upload' && req.method === 'POST') return upload(req, res)
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Serving big.txt and small.txt on http://localhost:3000')
})
