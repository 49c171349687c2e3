// Lesson 18 — reference solution: bodies as streams, end to end.
import http from 'node:http'
import { createHash } from 'node:crypto'
import { pipeline, Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

const PORT = Number(process.env.PORT) || 3000
const MAX_COUNT = 5_000_000

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/**
 * Upper-cases text as it flows through. A chunk may end in the middle of a character ('ë' is two
 * bytes, '名' three, '🚀' four): the StringDecoder keeps such a partial character back until the
 * rest of its bytes arrive with the next chunk, so no character is ever cut in two.
 */
function upperCaser(): Transform {
  const decoder = new StringDecoder('utf8')
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, decoder.write(chunk).toUpperCase())
    },
    flush(callback) {
      callback(null, decoder.end().toUpperCase())
    },
  })
}

/** POST /upper: request → upper-caser → response, each chunk passed on as soon as it arrives. */
function upper(req: http.IncomingMessage, res: http.ServerResponse) {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  pipeline(req, upperCaser(), res, (error) => {
    // pipeline has already destroyed all three streams; nothing is left open.
    if (error) console.error(`POST /upper stopped: ${error.message}`)
  })
}

/** POST /hash: each chunk goes into the hash and is dropped, so memory stays flat for any size. */
async function hash(req: http.IncomingMessage, res: http.ServerResponse) {
  const sha256 = createHash('sha256')
  let bytes = 0
  try {
    for await (const chunk of req) {
      sha256.update(chunk as Buffer)
      bytes += (chunk as Buffer).length
    }
  } catch {
    return // the client left before the body ended: there is nobody to answer
  }
  sendJson(res, 200, { bytes, sha256: sha256.digest('hex') })
}

/**
 * GET /numbers?count=N: the lines 1 … N, written in batches of about 16 KiB. When write() returns
 * false, the response's buffer is full: stop, and go on when 'drain' says it has emptied.
 */
function numbers(res: http.ServerResponse, count: number) {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  let next = 1
  let gone = false
  // 'close' comes when the response is done, or when the client left: either way, stop.
  res.on('close', () => (gone = true))

  const writeMore = () => {
    let written = 0
    while (next <= count && !gone) {
      let batch = ''
      while (next <= count && batch.length < 16 * 1024) batch += `${next++}\n`
      written += batch.length
      if (!res.write(batch)) {
        res.once('drain', writeMore)
        return
      }
      // write() says false after about one high-water mark (the writes of a turn wait corked),
      // so this is a guard: never more than a megabyte before other requests get a turn.
      if (written >= 1024 * 1024) {
        setImmediate(writeMore)
        return
      }
    }
    if (!gone) res.end()
  }
  writeMore()
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')

  if (req.method === 'POST' && url.pathname === '/upper') return upper(req, res)
  if (req.method === 'POST' && url.pathname === '/hash') return void hash(req, res)
  if (req.method === 'GET' && url.pathname === '/numbers') {
    const raw = url.searchParams.get('count') ?? ''
    const count = Number(raw)
    if (!/^\d+$/.test(raw) || count > MAX_COUNT) {
      return sendJson(res, 400, { error: `count must be a whole number from 0 to ${MAX_COUNT}` })
    }
    return numbers(res, count)
  }
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT}`)
})
