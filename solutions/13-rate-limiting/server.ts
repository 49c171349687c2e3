// Lesson 13 — reference solution: a fixed-window rate limiter, one counter per client IP.
import http from 'node:http'

// Read once at start-up; the environment overrides the defaults (100 requests a minute).
const LIMIT = positiveInteger(process.env.RATE_LIMIT_MAX, 100)
const WINDOW_MS = positiveInteger(process.env.RATE_LIMIT_WINDOW_MS, 60_000)

type Window = { count: number; resetAt: number }

// One entry per client IP. A window starts with that client's first request.
const windows = new Map<string, Window>()

/** A whole number above 0 from the environment; anything else (missing, empty, "abc", "2.5") takes the default. */
function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number(text)
  return Number.isSafeInteger(value) && value > 0 ? value : fallback
}

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

/** Counts this request against its client's window: what is left, or how long until it resets when over the limit. */
function take(ip: string, now: number): { remaining: number } | { retryAfterMs: number } {
  let window = windows.get(ip)
  if (!window || now >= window.resetAt) {
    window = { count: 0, resetAt: now + WINDOW_MS }
    windows.set(ip, window)
  }
  if (window.count >= LIMIT) return { retryAfterMs: window.resetAt - now }
  window.count++
  return { remaining: LIMIT - window.count }
}

// Without cleanup the map would keep every IP ever seen. Sweep expired windows now and then;
// unref() so this timer never keeps the process alive on its own.
setInterval(() => {
  const now = Date.now()
  for (const [ip, window] of windows) if (now >= window.resetAt) windows.delete(ip)
}, Math.max(WINDOW_MS, 1000)).unref()

/**
 * The address of the TCP peer. listen() with no host listens on `::`, where an IPv4 client shows
 * up as `::ffff:127.0.0.1`: drop that prefix so an IPv4 client has its usual address as its key.
 * (Behind a proxy this would be the proxy's address: see the lesson.)
 */
function clientKey(req: http.IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? 'unknown' // undefined once the socket is destroyed
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip
}

const server = http.createServer((req, res) => {
  const verdict = take(clientKey(req), Date.now())

  if ('retryAfterMs' in verdict) {
    // Retry-After is in whole seconds: round up, and never say 0.
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))))
    sendJson(res, 429, { error: 'Too many requests' })
    return
  }

  res.setHeader('X-RateLimit-Limit', String(LIMIT))
  res.setHeader('X-RateLimit-Remaining', String(verdict.remaining))
  sendJson(res, 200, { ok: true })
})

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`Listening on http://localhost:${Number(process.env.PORT) || 3000} (${LIMIT} requests per ${WINDOW_MS} ms per IP)`)
})
