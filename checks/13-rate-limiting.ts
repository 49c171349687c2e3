/**
 * Lesson 13: rate limiting per client IP. The lesson runs the program with a small limit and a
 * short window (see `env`) so a window passes in well under two seconds, and the check that waits
 * for a window to pass a shorter one still; one check starts a copy with both variables removed
 * to prove the defaults (100 requests a minute).
 *
 * Every check that counts requests starts its own copy, so no check inherits another's spent
 * allowance. Fixed windows (started by a client's first request, or aligned to the clock) and
 * sliding windows are all accepted: a window may reset in the middle of a burst.
 */
import net from 'node:net'
import { defineChecks, flow, get, headerValue, type Exchange, type HttpCheckContext, type ProgramView } from '../src/dsl/index.ts'

const LIMIT = 5
const WINDOW_MS = 1500
const DEFAULT_LIMIT = 100
/**
 * The window-resets check waits a whole window, so its copy gets a short one of its own; when
 * the machine is too slow to spend the allowance within it, a longer one is tried.
 */
const RESET_WINDOWS_MS = [400, 1000, WINDOW_MS]

/** A fresh copy of the program with the lesson's small limit, or a failure saying it did not start. */
async function freshCopy(t: HttpCheckContext, env?: Record<string, string | undefined>): Promise<ProgramView> {
  // spawn() leaves out variables whose value is undefined: that is how a variable is removed.
  const copy = await t.start(env ? { env: env as Record<string, string> } : {})
  if (!copy.listening) t.fail('a second copy of the program (started for this check) never listened', { expected: 'a listening server', actual: 'no listen()' })
  return copy
}

/** The response must be there; otherwise the failure carries the whole exchange. */
function answered(t: HttpCheckContext, exchange: Exchange) {
  if (exchange.response && !exchange.error) return exchange.response
  return t.fail(`GET ${exchange.request.path}: no complete response (${exchange.error?.message ?? 'nothing came back'})`, {
    expected: 'a response',
    actual: exchange.error?.message ?? 'no response',
    exchange,
  })
}

/** Parses a rate-limit header as a whole number, or fails naming it. */
function wholeNumberHeader(t: HttpCheckContext, exchange: Exchange, name: string): number {
  const value = headerValue(answered(t, exchange), name)?.trim()
  if (value === undefined) t.fail(`a served response carries no ${name} header`, { expected: `a ${name} header`, actual: `no ${name} header`, exchange })
  if (!/^\d+$/.test(value)) t.fail(`${name} should be a whole number, got "${value}"`, { expected: `${name}: a whole number ≥ 0`, actual: `${name}: ${value}`, exchange })
  return Number(value)
}

/**
 * Sends GET / until the first 429 (at most `maxTries`). Returns the served exchanges before it and
 * the 429 itself; fails if no 429 ever came, or if it came before `limit` requests were served.
 */
async function sendUntilLimited(t: HttpCheckContext, copy: ProgramView, limit: number, maxTries = 2 * limit + 2) {
  const served: Exchange[] = []
  for (let i = 0; i < maxTries; i++) {
    const exchange = await copy.exchange(get('/'))
    const response = answered(t, exchange)
    if (response.status === 429) {
      if (served.length < limit) {
        t.fail(`got 429 after only ${served.length} request(s); the limit is ${limit}`, { expected: `${limit} requests served before a 429`, actual: `429 after ${served.length}`, exchange })
      }
      return { served, limited: exchange }
    }
    if (response.status !== 200) {
      t.fail(`GET / answered ${response.status}; expected 200 while under the limit, 429 over it`, { expected: '200 or 429', actual: String(response.status), exchange })
    }
    served.push(exchange)
  }
  return t.fail(`${maxTries} requests from one client in a row were all served; the limit is ${limit} per window`, {
    expected: `429 after ${limit} requests`,
    actual: `${maxTries} × 200`,
    exchange: served.at(-1)!,
  })
}

export default defineChecks({
  lesson: 13,
  slug: 'rate-limiting',
  env: { RATE_LIMIT_MAX: String(LIMIT), RATE_LIMIT_WINDOW_MS: String(WINDOW_MS) },
  checks: [
    get('/').id('root-ok').title('GET / answers 200 {"ok":true}').expectStatus(200).expectJson({ ok: true }),

    flow('limit-headers', 'served responses carry X-RateLimit-Limit and a counting-down X-RateLimit-Remaining', async (t) => {
      const copy = await freshCopy(t)
      let previous: number | null = null
      let countedDown = false
      for (let i = 0; i < LIMIT; i++) {
        const exchange = await copy.send(get('/').expectStatus(200).expectJson({ ok: true }).expectHeader('x-ratelimit-limit', String(LIMIT)))
        const remaining = wholeNumberHeader(t, exchange, 'x-ratelimit-remaining')
        if (remaining > LIMIT - 1) {
          t.fail(`X-RateLimit-Remaining was ${remaining} after a request was served; at most ${LIMIT - 1} can be left of ${LIMIT}`, { expected: `at most ${LIMIT - 1}`, actual: String(remaining), exchange })
        }
        // Each request uses one up; a larger number than before can only mean a new window began.
        if (previous !== null && remaining !== previous - 1 && remaining <= previous) {
          t.fail(`X-RateLimit-Remaining went from ${previous} to ${remaining}; each request uses up exactly one`, { expected: String(previous - 1), actual: String(remaining), exchange })
        }
        if (previous !== null && remaining === previous - 1) countedDown = true
        previous = remaining
      }
      if (!countedDown) t.fail(`X-RateLimit-Remaining never went down over ${LIMIT} requests`, { expected: 'one less after each request', actual: 'no decrease' })
    }),

    flow('over-limit-429', 'over the limit: 429 {"error":"Too many requests"} with Retry-After in whole seconds', async (t) => {
      const copy = await freshCopy(t)
      const { limited } = await sendUntilLimited(t, copy, LIMIT)
      // The first 429 itself is judged: a window may reset right after it, so no second try.
      copy.judge(
        get('/')
          .expectStatus(429)
          .expectJson({ error: 'Too many requests' })
          .expectThat('Retry-After in whole seconds, at least 1', (response) => {
            const value = headerValue(response, 'retry-after')?.trim()
            if (value === undefined) return 'no Retry-After header'
            return /^\d+$/.test(value) && Number(value) >= 1 ? null : `Retry-After: ${value}`
          }),
        limited,
      )
    }),

    flow('per-ip', 'limits are per IP: 127.0.0.2 is served while 127.0.0.1 is refused', async (t) => {
      if (!(await canSendFrom('127.0.0.2'))) t.skip('this machine cannot send from 127.0.0.2 (only 127.0.0.1 is configured), so per-IP limits cannot be tested here')
      const copy = await freshCopy(t)
      if (!copy.host.startsWith('127.')) t.skip(`the server listens on ${copy.host} only, which 127.0.0.2 cannot reach`)
      await sendUntilLimited(t, copy, LIMIT)
      const other = await copy.send(get('/').from('127.0.0.2').expectStatus(200).expectJson({ ok: true }))
      const remaining = wholeNumberHeader(t, other, 'x-ratelimit-remaining')
      if (remaining !== LIMIT - 1) {
        t.fail(`the first request from 127.0.0.2 left X-RateLimit-Remaining ${remaining}; a new client has its own ${LIMIT}, so ${LIMIT - 1} are left`, { expected: String(LIMIT - 1), actual: String(remaining), exchange: other })
      }
    }),

    flow('window-resets', 'after the window passes, a refused client is served again', async (t) => {
      for (const [index, windowMs] of RESET_WINDOWS_MS.entries()) {
        const copy = await freshCopy(t, { RATE_LIMIT_WINDOW_MS: String(windowMs) })
        const started = performance.now()
        try {
          await sendUntilLimited(t, copy, LIMIT)
        } catch (failure) {
          // The allowance was not spent within one window: this machine is slow, try a longer one.
          if (performance.now() - started > windowMs && index + 1 < RESET_WINDOWS_MS.length) continue
          throw failure
        }
        // Pacing inherent to the behaviour: the window has to pass, counted from the refusal
        // (a sliding window may count refused requests too), plus a margin.
        await new Promise((resolve) => setTimeout(resolve, windowMs * 1.5))
        await copy.send(get('/').expectStatus(200).expectJson({ ok: true }))
        return
      }
    }),

    flow('defaults', 'without RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_MS: 100 requests per window', async (t) => {
      const copy = await freshCopy(t, { RATE_LIMIT_MAX: undefined, RATE_LIMIT_WINDOW_MS: undefined })
      const first = await copy.send(get('/').expectStatus(200).expectHeader('x-ratelimit-limit', String(DEFAULT_LIMIT)))
      const remaining = wholeNumberHeader(t, first, 'x-ratelimit-remaining')
      if (remaining !== DEFAULT_LIMIT - 1) {
        t.fail(`the first request left X-RateLimit-Remaining ${remaining}; expected ${DEFAULT_LIMIT - 1} of the default ${DEFAULT_LIMIT}`, { expected: String(DEFAULT_LIMIT - 1), actual: String(remaining), exchange: first })
      }
      // With a one-minute window the allowance is used up long before it could reset.
      await sendUntilLimited(t, copy, DEFAULT_LIMIT - 1)
    }),
  ],
})

/** Whether a socket can be bound to `address` on this machine (Linux routes all of 127/8; macOS does not). */
function canSendFrom(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(0, address, () => probe.close(() => resolve(true)))
  })
}
