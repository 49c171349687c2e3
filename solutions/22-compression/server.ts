// Lesson 22 — reference solution: compression negotiated per request, and gzip uploads
// inflated as they stream, with a limit on what they inflate to.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { pipeline, Writable } from 'node:stream'

// The public/ folder next to this file, wherever the program is started from.
const PUBLIC_DIR = path.join(__dirname, 'public')
const FILES = new Set(['/big.txt', '/small.txt'])

/** An upload that inflates to more than this is refused with 413 (the checks set it lower). */
const MAX_INFLATED_BYTES = Number(process.env.MAX_INFLATED_BYTES ?? 10_000_000)

/** Below this size, compressing costs more than it saves: such files go out as they are. */
const MIN_COMPRESS_BYTES = 1024

type Coding = 'br' | 'gzip' | 'identity'

/** The codings this server can apply, best first: when the client likes both equally, br wins. */
const OUR_CODINGS = ['br', 'gzip'] as const

/**
 * Accept-Encoding (RFC 9110 §12.5.3): a list of codings, each with an optional weight
 * `;q=0.5` (1 when absent, 0 meaning "not acceptable"). Names are case-insensitive.
 */
function weightsOf(header: string): Map<string, number> {
  const weights = new Map<string, number>()
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim())
    if (name === '') continue
    let q = 1
    for (const param of params) {
      const [key = '', value = ''] = param.split('=').map((part) => part.trim())
      if (key.toLowerCase() === 'q') q = Number(value)
    }
    weights.set(name.toLowerCase(), Number.isFinite(q) ? q : 0)
  }
  return weights
}

/** The coding to send: the heaviest of ours the client accepts, br on a tie, else the file as it is. */
function chooseCoding(header: string | undefined): Coding {
  // No Accept-Encoding: the client said nothing about codings, so send what every client can read.
  if (header === undefined) return 'identity'
  const weights = weightsOf(header)
  // `*` stands for every coding the header does not name.
  const other = weights.get('*') ?? 0
  let chosen: Coding = 'identity'
  let best = 0
  for (const coding of OUR_CODINGS) {
    const q = weights.get(coding) ?? other
    if (q > best) {
      chosen = coding
      best = q
    }
  }
  return chosen
}

function compressor(coding: 'br' | 'gzip', size: number): zlib.Gzip | zlib.BrotliCompress {
  if (coding === 'gzip') return zlib.createGzip() // level 6, zlib's default
  return zlib.createBrotliCompress({
    params: {
      // 11, the default, is for compressing once ahead of time: on 1 MB it takes seconds.
      [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  })
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(value))
}

/** ERR_STREAM_PREMATURE_CLOSE only says the client left before the end: nothing to report. */
function reportStreamError(url: string | undefined) {
  return (error: NodeJS.ErrnoException | null) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`${url}: ${error.message}`)
  }
}

function serveFile(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
  const file = path.join(PUBLIC_DIR, name)
  fs.stat(file, (error, stats) => {
    if (error || !stats.isFile()) return sendJson(res, 404, { error: 'Not found' })

    const coding = stats.size < MIN_COMPRESS_BYTES ? 'identity' : chooseCoding(req.headers['accept-encoding'])
    // Vary on every answer, even a plain one: it tells caches that another Accept-Encoding may
    // get another body, so they never hand a gzip copy to a client that cannot read it.
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'text/plain; charset=utf-8', Vary: 'Accept-Encoding' }

    if (coding === 'identity') {
      res.writeHead(200, { ...headers, 'Content-Length': stats.size })
      if (req.method === 'HEAD') return res.end()
      return pipeline(fs.createReadStream(file), res, reportStreamError(req.url))
    }

    // No Content-Length: the compressed size is known only at the end, so Node sends the body
    // chunked. (The file's size here would be a lie, and the client would wait for it forever.)
    res.writeHead(200, { ...headers, 'Content-Encoding': coding })
    if (req.method === 'HEAD') return res.end()
    // The file is read 64 KiB at a time, compressed as it comes, and sent as it is compressed:
    // memory stays flat however large the file, and pipeline waits when the client is slow.
    pipeline(fs.createReadStream(file), compressor(coding, stats.size), res, reportStreamError(req.url))
  })
}

class TooLarge extends Error {}

function upload(req: http.IncomingMessage, res: http.ServerResponse) {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase()
  const gzip = encoding === 'gzip' || encoding === 'x-gzip'
  if (!gzip && encoding !== 'identity') {
    // RFC 9110 §15.5.16: say which codings would do, in Accept-Encoding.
    return sendJson(res, 415, { error: `Unsupported Content-Encoding: ${encoding}` }, { 'Accept-Encoding': 'gzip', Connection: 'close' })
  }

  // Counts what comes out of the inflater, and stops the flow the moment it passes the limit:
  // pipeline then destroys every stream, so the rest of a zip bomb is never inflated.
  let inflated = 0
  const counter = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      inflated += chunk.length
      callback(inflated > MAX_INFLATED_BYTES ? new TooLarge() : null)
    },
  })

  const done = (error: NodeJS.ErrnoException | null) => {
    if (!error) return sendJson(res, 200, { bytes: inflated })
    if (res.headersSent || res.destroyed) return
    // Connection: close, so that Node does not go on reading the rest of the body for nothing.
    if (error instanceof TooLarge) return sendJson(res, 413, { error: 'Payload too large' }, { Connection: 'close' })
    // zlib's own errors: Z_DATA_ERROR (not gzip, or corrupt), Z_BUF_ERROR (cut short), …
    if (error.code?.startsWith('Z_')) return sendJson(res, 400, { error: 'Invalid gzip body' }, { Connection: 'close' })
    // Anything else (the client left mid-upload): nobody is waiting for an answer.
    res.destroy()
  }

  // pipeline also destroys `req` on error without closing the connection (it detaches the
  // socket first), so the answer above still reaches the client.
  if (gzip) pipeline(req, zlib.createGunzip(), counter, done)
  else pipeline(req, counter, done)
}

const server = http.createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname

  if (FILES.has(pathname)) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed' }, { Allow: 'GET, HEAD' })
    return serveFile(req, res, pathname.slice(1))
  }
  if (pathname === '/upload') {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Method not allowed' }, { Allow: 'POST' })
    return upload(req, res)
  }
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Serving big.txt and small.txt on http://localhost:3000')
})
