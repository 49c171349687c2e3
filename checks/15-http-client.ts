/**
 * Lesson 15: the http client. `setup` starts an upstream HTTP server inside the checker (seeded
 * content, so nothing can be hard-coded) and hands its address to the program as UPSTREAM_URL.
 * The upstream has a JSON route, a 404, a large streamed body, a route that drops the socket,
 * one that never sends headers, one that answers after a second, and the weather.
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Readable } from 'node:stream'
import { defineChecks, flow, get, satisfies, type HttpCheckContext } from '../src/dsl/index.ts'
import type { Random } from '../src/dsl/random.ts'

/** Headers later than this from the upstream mean 504 (the contract's 2 s). */
const UPSTREAM_TIMEOUT_MS = 2000
/** The "slow but in time" upstream route answers after this long: it must still be relayed. */
const IN_TIME_MS = 1000

type UpstreamData = {
  greeting: { message: string; lucky: number }
  note: string
  temps: number[]
  big: Buffer
  missingPath: string
}

/** Per exercise folder: lessons are graded in parallel in one process, each with its own upstream. */
const upstreams = new Map<string, UpstreamData>()

function dataFor(t: HttpCheckContext): UpstreamData {
  const data = upstreams.get(t.exerciseDir)
  if (!data) return t.fail('the upstream server of this lesson is not running (setup did not run)')
  return data
}

/** Deterministic bytes from a seed (xorshift32): several megabytes, no two runs alike. */
function seededBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(size)
  let state = seed >>> 0 || 1
  for (let i = 0; i < size; i += 4) {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    bytes.writeUInt32LE(state, Math.min(i, size - 4))
  }
  return bytes
}

function makeData(random: Random): UpstreamData {
  return {
    greeting: { message: `hello ${random.word()}`, lucky: random.int(1, 9999) },
    note: `note ${random.word()} ${random.int(1, 999)}\n`,
    // Tenths of a degree, so the average is rarely a round number.
    temps: Array.from({ length: random.int(6, 11) }, () => random.int(-150, 400) / 10),
    big: seededBytes(3 * 1024 * 1024 + random.int(1, 65_536), random.int(1, 2 ** 31)),
    missingPath: `/missing/${random.word()}`,
  }
}

async function startUpstream(data: UpstreamData) {
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const json = (res: http.ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(value))
  }
  const server = http.createServer((req, res) => {
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

const BAD_GATEWAY = { error: 'Bad gateway' }
const GATEWAY_TIMEOUT = { error: 'Gateway timeout' }

export default defineChecks({
  lesson: 15,
  slug: 'http-client',
  async setup({ exerciseDir, random }) {
    const data = makeData(random)
    const upstream = await startUpstream(data)
    upstreams.set(exerciseDir, data)
    return {
      env: { UPSTREAM_URL: upstream.url },
      teardown: async () => {
        upstreams.delete(exerciseDir)
        await upstream.close()
      },
    }
  },
  checks: [
    flow('proxy-json', 'GET /proxy/greeting relays the upstream JSON (status, Content-Type, body)', async (t) => {
      await t.send(get('/proxy/greeting').expectStatus(200).expectJson(dataFor(t).greeting))
    }),

    flow('proxy-text', 'GET /proxy/note relays a plain-text answer as it is', async (t) => {
      await t.send(get('/proxy/note').expectStatus(200).expectContentType('text/plain').expectBody(dataFor(t).note))
    }),

    flow('proxy-status', 'an upstream 404 is relayed: status, Content-Type and body', async (t) => {
      const path = dataFor(t).missingPath
      await t.send(get(`/proxy${path}`).expectStatus(404).expectContentType('text/plain').expectBody(`No such thing: ${path}`))
    }),

    flow('proxy-large', 'a body of several MB arrives whole, byte for byte, with its status and Content-Type', async (t) => {
      const { big } = dataFor(t)
      await t.send(
        get('/proxy/big')
          .timeout(10_000)
          .expectStatus(200)
          .expectContentType('application/octet-stream')
          .expectBodyBytes(big, `the upstream's ${big.length}-byte body`),
      )
    }),

    flow('upstream-in-time', 'an upstream that answers after 1 s (within 2 s) is relayed, not timed out', async (t) => {
      await t.send(get('/proxy/in-time').timeout(6000).expectStatus(200).expectJson({ late: true, lucky: dataFor(t).greeting.lucky }))
    }),

    flow('upstream-drop', 'upstream closes the socket: 502 {"error":"Bad gateway"}, and the server keeps serving', async (t) => {
      await t.send(get('/proxy/drop').expectStatus(502).expectJson(BAD_GATEWAY))
      await t.send(get('/proxy/greeting').expectStatus(200).expectJson(dataFor(t).greeting))
    }),

    flow('upstream-timeout', 'upstream sends no headers within 2 s: 504 {"error":"Gateway timeout"}, and the server keeps serving', async (t) => {
      await t.send(
        get('/proxy/hang')
          .timeout(6000)
          .expectStatus(504)
          .expectJson(GATEWAY_TIMEOUT)
          .expectThat('the 504 about 2 s after asking, not much later', (_response, exchange) =>
            exchange.durationMs <= UPSTREAM_TIMEOUT_MS + 1500 ? null : `it took ${exchange.durationMs} ms`,
          ),
      )
      await t.send(get('/proxy/greeting').expectStatus(200).expectJson(dataFor(t).greeting))
    }),

    flow('upstream-unreachable', 'upstream unreachable (nothing listening): 502 {"error":"Bad gateway"}', async (t) => {
      const held = await t.holdPort()
      await held.release() // a port that was just free and is now closed: connecting is refused
      const copy = await t.start({ env: { UPSTREAM_URL: `http://127.0.0.1:${held.port}` } })
      if (!copy.listening) t.fail('a copy of the program started with an unreachable UPSTREAM_URL never listened (it must not contact the upstream at start)')
      await copy.send(get('/proxy/greeting').expectStatus(502).expectJson(BAD_GATEWAY))
    }),

    flow('weather-summary', 'GET /weather-summary answers {min, max, avg} of the upstream /weather temps', async (t) => {
      const { temps } = dataFor(t)
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
