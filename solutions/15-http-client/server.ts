// Lesson 15 — reference solution: a small gateway in front of an upstream HTTP service.
import http from 'node:http'
import { pipeline } from 'node:stream'

const PORT = Number(process.env.PORT) || 3000
// Where the upstream lives, e.g. http://127.0.0.1:4000 (no trailing slash needed).
const UPSTREAM_URL = (process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '')
/** How long the upstream may take to send its response headers. */
const UPSTREAM_TIMEOUT_MS = 2000

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/**
 * GETs `path` from the upstream. `onResponse` gets the upstream response once its headers are in;
 * every failure before that becomes a 502 (socket trouble) or a 504 (too slow) for our client.
 */
function askUpstream(path: string, res: http.ServerResponse, onResponse: (upstream: http.IncomingMessage) => void) {
  // `timeout` arms an idle timer on the socket from the moment it is created, connecting
  // included (upstreamReq.setTimeout() would only start once the socket has connected).
  const upstreamReq = http.get(UPSTREAM_URL + path, { timeout: UPSTREAM_TIMEOUT_MS }, (upstreamRes) => {
    // The headers came in time. The timer is an idle timer: left on, it would cut off a body
    // that pauses for 2 s. Turn it off; from here on the body may take as long as it takes.
    upstreamReq.setTimeout(0)
    onResponse(upstreamRes)
  })

  // Nothing from the upstream within the limit: answer 504, then abandon the upstream request.
  upstreamReq.on('timeout', () => {
    if (!res.headersSent) sendJson(res, 504, { error: 'Gateway timeout' })
    upstreamReq.destroy()
  })

  // Without this listener a refused connection or a dropped socket would crash the whole server.
  upstreamReq.on('error', () => {
    if (!res.headersSent) sendJson(res, 502, { error: 'Bad gateway' })
    // Too late for a status (the body was streaming): cut the client off so it sees the failure.
    else if (!res.writableEnded) res.destroy()
  })
}

function proxy(path: string, res: http.ServerResponse) {
  askUpstream(path, res, (upstreamRes) => {
    const contentType = upstreamRes.headers['content-type']
    res.writeHead(upstreamRes.statusCode ?? 502, contentType ? { 'Content-Type': contentType } : {})
    // Stream the body through, chunk by chunk, whatever its size. pipeline handles backpressure
    // and, unlike pipe, tears both streams down if either side fails: an upstream that dies
    // mid-body cuts our client off (instead of leaving it waiting), and a client that leaves
    // lets go of the upstream request. The callback only hears how it ended.
    pipeline(upstreamRes, res, () => {})
  })
}

function weatherSummary(res: http.ServerResponse) {
  askUpstream('/weather', res, (upstreamRes) => {
    const chunks: Buffer[] = []
    upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk))
    upstreamRes.on('error', () => res.destroy())
    upstreamRes.on('end', () => {
      try {
        const { temps } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { temps: number[] }
        if (upstreamRes.statusCode !== 200 || !Array.isArray(temps) || temps.length === 0) throw new Error('unexpected weather')
        const avg = temps.reduce((sum, temp) => sum + temp, 0) / temps.length
        sendJson(res, 200, { min: Math.min(...temps), max: Math.max(...temps), avg })
      } catch {
        sendJson(res, 502, { error: 'Bad gateway' })
      }
    })
  })
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/'
  if (req.method === 'GET' && url.startsWith('/proxy/')) return proxy(url.slice('/proxy'.length), res)
  if (req.method === 'GET' && url === '/weather-summary') return weatherSummary(res)
  sendJson(res, 404, { error: 'Not found' })
})

server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT}, relaying ${UPSTREAM_URL}`)
})
