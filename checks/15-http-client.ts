/**
 * Lesson 15: the http client. `setup` starts an upstream HTTP server inside the checker (seeded
 * content, so nothing can be hard-coded) and hands its address to the program as UPSTREAM_URL.
 * The upstream has a JSON route, a 404, a large streamed body, a route that drops the socket,
 * one that never sends headers, one that answers late but in time, one that holds the rest of
 * its body until the client has seen the first bytes (a relay that buffers never lets them
 * through in time), one whose body pauses longer than the limit on headers, and the weather.
 * The contract fixes the limit at 2 s, so the two checks about it wait that long by nature; every
 * other check waits on events (the first bytes seen, the answer) rather than on time.
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Readable } from 'node:stream'
import { bodyText, defineChecks, drawn, flow, get, headerValue, mediaType, satisfies, type HttpCheckContext } from '../src/dsl/index.ts'
import type { Random } from '../src/dsl/random.ts'

/** Headers later than this from the upstream mean 504 (the contract's 2 s). */
const UPSTREAM_TIMEOUT_MS = 2000
/** A 504 later than this after asking is not the 2 s limit on headers (a busy machine gets 1.5 s of slack). */
const TIMEOUT_ALLOWED_MS = UPSTREAM_TIMEOUT_MS + 1500
/** The "slow but in time" upstream route answers after this long: it must still be relayed. */
const IN_TIME_MS = 1000
/**
 * The trickling route sends its first piece, then holds the rest until the client has seen the
 * first bytes, or for this long: a relay that streams lets them through in milliseconds; one that
 * waits for the whole body sends nothing until the upstream has finished.
 */
const TRICKLE_HOLD_MS = 3000
/** The pausing route's body stops for this long after its headers and first piece (over the 2 s). */
const BODY_PAUSE_MS = 2500

/** One trickling upstream answer: the check opens it when the client saw the first bytes. */
type Trickle = {
  first: string
  rest: string
  /** Lets the upstream send the rest now. */
  open(): void
  opened: Promise<void>
  /** When the upstream began sending the last piece (`performance.now()`), once it has. */
  finishedAt: number | null
}

type UpstreamData = {
  greeting: { message: string; lucky: number }
  note: string
  temps: number[]
  big: Buffer
  missingPath: string
  /** The pausing route's body: its first piece, then the rest after BODY_PAUSE_MS. */
  paused: { first: string; rest: string }
  /** Trickling answers by token, registered by the check before it asks for `/trickle/<token>`. */
  trickles: Map<string, Trickle>
}


function makeData(random: Random): UpstreamData {
  return {
    greeting: { message: `hello ${random.word()}`, lucky: random.int(1, 9999) },
    note: `note ${random.word()} ${random.int(1, 999)}\n`,
    // Tenths of a degree, so the average is rarely a round number.
    temps: Array.from({ length: random.int(6, 11) }, () => random.int(-150, 400) / 10),
    big: random.bytes(3 * 1024 * 1024 + random.int(1, 65_536)),
    missingPath: `/missing/${random.word()}`,
    paused: { first: `before the pause: ${random.word()}\n`, rest: `after the pause: ${random.word()} ${random.int(1, 999)}\n` },
    trickles: new Map(),
  }
}

/** Registers a trickling answer for `token`, its text drawn from the check's random source. */
function trickleFor(data: UpstreamData, token: string, random: Random): Trickle {
  let open = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  const trickle: Trickle = {
    first: `first piece ${random.word()}\n`,
    rest: Array.from({ length: 5 }, () => `${random.word()} ${random.int(1, 9999)}\n`).join(''),
    open: () => open(),
    opened,
    finishedAt: null,
  }
  data.trickles.set(token, trickle)
  return trickle
}

async function startUpstream(data: UpstreamData) {
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const json = (res: http.ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(value))
  }
  /** Resolves after `ms`, unless the server is closed first (the timer is then cleared). */
  const after = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/trickle/')) {
      const trickle = data.trickles.get(req.url.slice('/trickle/'.length))
      if (!trickle) return json(res, 404, { error: 'no such trickle' })
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.write(trickle.first)
      // The rest waits until the client has seen the first bytes (or the hold is over).
      return void Promise.race([trickle.opened, after(TRICKLE_HOLD_MS)]).then(() => {
        if (res.destroyed) return
        trickle.finishedAt = performance.now()
        res.end(trickle.rest)
      })
    }
    switch (req.url) {
      case '/greeting':
        return json(res, 200, data.greeting)
      case '/note':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
        return res.end(data.note)
      case '/weather':
        return json(res, 200, { temps: data.temps })
      case '/big': {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
        const pieces = function* () {
          for (let at = 0; at < data.big.length; at += 64 * 1024) yield data.big.subarray(at, at + 64 * 1024)
        }
        return void Readable.from(pieces()).pipe(res)
      }
      case '/drop':
        return void req.socket.destroy()
      case '/hang':
        return // never answers; torn down with the server
      case '/pause':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.write(data.paused.first)
        return void after(BODY_PAUSE_MS).then(() => {
          if (!res.destroyed) res.end(data.paused.rest)
        })
      case '/in-time': {
        const timer = setTimeout(() => {
          timers.delete(timer)
          json(res, 200, { late: true, lucky: data.greeting.lucky })
        }, IN_TIME_MS)
        timers.add(timer)
        return
      }
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        return res.end(`No such thing: ${req.url}`)
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

type TimedReply = {
  status: number
  contentType: string
  body: Buffer
  /** `performance.now()` when the first body bytes arrived; null if none did. */
  firstBytesAt: number | null
  /** Why no complete answer came (a deadline, a reset), or null. */
  error: string | null
}

/**
 * GETs `path` from the program on a fresh connection, noting when the first bytes of the body
 * arrive (and calling `onFirstBytes` then): what the DSL's exchanges, which record only whole
 * answers, cannot tell. Never throws, never waits past `deadlineMs`.
 */
function getNotingFirstBytes(t: HttpCheckContext, path: string, onFirstBytes: () => void, deadlineMs: number): Promise<TimedReply> {
  return new Promise((resolve) => {
    const reply: TimedReply = { status: 0, contentType: '', body: Buffer.alloc(0), firstBytesAt: null, error: null }
    const chunks: Buffer[] = []
    let done = false
    const finish = (error: string | null) => {
      if (done) return
      done = true
      clearTimeout(deadline)
      request.destroy()
      resolve({ ...reply, body: Buffer.concat(chunks), error })
    }
    const request = http.get({ host: t.host, port: t.port, path, agent: false }, (response) => {
      reply.status = response.statusCode ?? 0
      reply.contentType = String(response.headers['content-type'] ?? '')
      response.on('data', (chunk: Buffer) => {
        if (reply.firstBytesAt === null) {
          reply.firstBytesAt = performance.now()
          onFirstBytes()
        }
        chunks.push(chunk)
      })
      response.on('end', () => finish(null))
      response.on('error', (error) => finish(`the answer broke off: ${error.message}`))
    })
    request.on('error', (error) => finish(error.message))
    const deadline = setTimeout(() => finish(`no complete answer within ${deadlineMs} ms`), deadlineMs)
  })
}

const BAD_GATEWAY = { error: 'Bad gateway' }
const GATEWAY_TIMEOUT = { error: 'Gateway timeout' }

export default defineChecks({
  lesson: 15,
  slug: 'http-client',
  async setup({ random }) {
    const data = makeData(random)
    const upstream = await startUpstream(data)
    return { env: { UPSTREAM_URL: upstream.url }, data, teardown: () => upstream.close() }
  },
  checks: [
    drawn<UpstreamData>('proxy-json', 'GET /proxy/greeting relays the upstream JSON (status, Content-Type, body)', ({ setup }) =>
      get('/proxy/greeting').expectStatus(200).expectJson(setup.greeting),
    ),

    drawn<UpstreamData>('proxy-text', 'GET /proxy/note relays a plain-text answer as it is', ({ setup }) => get('/proxy/note').expectStatus(200).expectText(setup.note)),

    drawn<UpstreamData>('proxy-status', 'an upstream 404 is relayed: status, Content-Type and body', ({ setup: { missingPath } }) =>
      get(`/proxy${missingPath}`).expectStatus(404).expectText(`No such thing: ${missingPath}`),
    ),

    flow<UpstreamData>('proxy-large', 'a body of several MB arrives whole, byte for byte, with its status and Content-Type', async (t) => {
      const { big } = t.setup
      await t.send(
        get('/proxy/big')
          .timeout(10_000)
          .expectStatus(200)
          .expectContentType('application/octet-stream')
          .expectBodyBytes(big, `the upstream's ${big.length}-byte body`),
      )
    }),

    flow<UpstreamData>('proxy-streamed', 'the relay streams: the first bytes reach the client while the upstream is still sending', async (t) => {
      const token = `${t.random.word()}-${t.random.int(1, 999_999)}`
      const trickle = trickleFor(t.setup, token, t.random)
      const path = `/proxy/trickle/${token}`
      const reply = await getNotingFirstBytes(t, path, () => trickle.open(), TRICKLE_HOLD_MS + 5000)
      const expected = trickle.first + trickle.rest
      if (reply.error) t.fail(`GET ${path}: ${reply.error}`, { expected: `200 and ${JSON.stringify(expected)}`, actual: reply.status ? `${reply.status}, then ${reply.error}` : reply.error })
      if (reply.status !== 200) t.fail(`GET ${path}: expected status 200, got ${reply.status}`, { expected: '200', actual: String(reply.status) })
      if (reply.body.toString('utf8') !== expected) t.fail(`GET ${path}: the body is not the upstream's`, { expected: JSON.stringify(expected), actual: JSON.stringify(reply.body.toString('utf8')) })
      if (reply.firstBytesAt !== null && trickle.finishedAt !== null && reply.firstBytesAt >= trickle.finishedAt) {
        t.fail(`the first bytes reached the client only after the upstream had sent its whole body (the upstream held the rest for ${TRICKLE_HOLD_MS} ms waiting for them): the relay waits for the whole body instead of streaming it`, {
          expected: "the upstream's first piece passed on at once",
          actual: `nothing until the upstream finished, ${Math.round(reply.firstBytesAt - trickle.finishedAt)} ms after its last piece`,
          diagnosis: 'buffered-whole-body',
        })
      }
    }),

    flow<UpstreamData>('body-pause', `once the headers came in time, a body that pauses for ${BODY_PAUSE_MS / 1000} s (longer than the 2 s limit) is still relayed whole`, async (t) => {
      const { first, rest } = t.setup.paused
      const exchange = await t.exchange(get('/proxy/pause').timeout(BODY_PAUSE_MS + 3000))
      const { response, error } = exchange
      const expected = JSON.stringify(first + rest)
      if (error && response?.status === 200) {
        t.fail(`GET /proxy/pause: the relay started the answer, then cut it off ${exchange.durationMs} ms in, while the upstream's body paused: the 2 s limit is on the headers only`, {
          expected,
          actual: `${JSON.stringify(bodyText(response))}, then ${error.code}`,
          exchange,
        })
      }
      if (!response || error) return t.fail(`GET /proxy/pause: ${error?.message ?? 'no response'}`, { expected: `200 and ${expected}`, actual: error?.code ?? 'no response', exchange })
      if (response.status !== 200) t.fail(`GET /proxy/pause: expected status 200, got ${response.status}`, { expected: '200', actual: String(response.status), exchange })
      if (mediaType(response) !== 'text/plain') t.fail(`GET /proxy/pause: expected the upstream's Content-Type text/plain, got ${headerValue(response, 'content-type') ?? 'none'}`, { expected: 'text/plain', actual: headerValue(response, 'content-type') ?? 'none', exchange })
      if (bodyText(response) !== first + rest) t.fail("GET /proxy/pause: the body is not the upstream's", { expected, actual: JSON.stringify(bodyText(response)), exchange })
    }),

    drawn<UpstreamData>('upstream-in-time', 'an upstream that answers after 1 s (within 2 s) is relayed, not timed out', ({ setup }) =>
      get('/proxy/in-time').timeout(IN_TIME_MS + 3000).expectStatus(200).expectJson({ late: true, lucky: setup.greeting.lucky }),
    ),

    flow<UpstreamData>('upstream-drop', 'upstream closes the socket: 502 {"error":"Bad gateway"}, and the server keeps serving', async (t) => {
      await t.send(get('/proxy/drop').expectStatus(502).expectJson(BAD_GATEWAY))
      await t.send(get('/proxy/greeting').expectStatus(200).expectJson(t.setup.greeting))
    }),

    flow<UpstreamData>('upstream-timeout', 'upstream sends no headers within 2 s: 504 {"error":"Gateway timeout"}, and the server keeps serving', async (t) => {
      await t.send(
        get('/proxy/hang')
          .timeout(TIMEOUT_ALLOWED_MS + 1000)
          .expectStatus(504)
          .expectJson(GATEWAY_TIMEOUT)
          .expectThat('the 504 about 2 s after asking, not much later', (_response, exchange) =>
            exchange.durationMs <= TIMEOUT_ALLOWED_MS ? null : `it took ${exchange.durationMs} ms`,
          ),
      )
      await t.send(get('/proxy/greeting').expectStatus(200).expectJson(t.setup.greeting))
    }),

    flow('upstream-unreachable', 'upstream unreachable (nothing listening): 502 {"error":"Bad gateway"}', async (t) => {
      const held = await t.holdPort()
      await held.release() // a port that was just free and is now closed: connecting is refused
      const copy = await t.start({ env: { UPSTREAM_URL: `http://127.0.0.1:${held.port}` } })
      if (!copy.listening) t.fail('a copy of the program started with an unreachable UPSTREAM_URL never listened (it must not contact the upstream at start)')
      await copy.send(get('/proxy/greeting').expectStatus(502).expectJson(BAD_GATEWAY))
    }),

    flow<UpstreamData>('weather-summary', 'GET /weather-summary answers {min, max, avg} of the upstream /weather temps', async (t) => {
      const { temps } = t.setup
      const avg = temps.reduce((sum, temp) => sum + temp, 0) / temps.length
      await t.send(
        get('/weather-summary')
          .expectStatus(200)
          .expectJson({
            min: Math.min(...temps),
            max: Math.max(...temps),
            avg: satisfies(`a number within 0.01 of ${avg}`, (value) => typeof value === 'number' && Math.abs(value - avg) <= 0.01),
          }),
      )
    }),
  ],
})
