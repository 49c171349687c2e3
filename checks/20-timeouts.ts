/**
 * Lesson 20: timeouts. The limits come from the environment and are set small here, so that
 * a slowloris, a trickling body and an idle connection are let go within a second or so. Clients
 * that misbehave on purpose (src/dsl/slow-client.ts) talk raw HTTP and report what came back and
 * when; every bound on time is relative to the limit it tests, with room for a busy machine. Work
 * that runs on after its answer (or after its client left) is seen by the probe as it happens.
 */
import {
  defineChecks,
  drawn,
  describeOutcome,
  flow,
  get,
  idleAfterResponse,
  leavingClient,
  post,
  rawBodyText,
  sendRaw,
  slowloris,
  tricklingBody,
  type HttpCheckContext,
  type SlowOutcome,
} from '../src/dsl/index.ts'

const HEADERS_TIMEOUT_MS = 300
const REQUEST_TIMEOUT_MS = 600
const KEEP_ALIVE_TIMEOUT_MS = 50
const WORK_TIMEOUT_MS = 100

/** Node notices a timeout at its next connections check; the contract allows about twice the limit. */
const SLOWLORIS_WITHIN_MS = 2 * HEADERS_TIMEOUT_MS + 300
/** The body limit plus the checking interval (a fraction of the headers limit), with room to spare. */
const TRICKLE_WITHIN_MS = REQUEST_TIMEOUT_MS + 400
/** Node keeps an idle connection up to a second longer than keepAliveTimeout (its grace). */
const IDLE_WITHIN_MS = KEEP_ALIVE_TIMEOUT_MS + 1000 + 400
/** A Node timer never fires early; a little room for rounding. */
const NOT_BEFORE = 0.9
/** A report that takes this long is too slow: 503 at WORK_TIMEOUT_MS, well before it would finish. */
const TOO_SLOW_MS = 6 * WORK_TIMEOUT_MS
/** How long to keep watching after abandoned work would have finished. */
const WATCH_AFTER_MS = 100

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const BAD_REQUEST_LINES = ['GET /hello world HTTP/1.1', 'GET / HTTP/1.1 please', 'get / HTTP/1.1']
const BAD_HEADERS = ['Bad Header: yes', 'X-Note: caf\x00e', 'Just some words']

function failWith(t: HttpCheckContext, message: string, expected: string, outcome: SlowOutcome): never {
  return t.fail(message, { expected, actual: describeOutcome(outcome) })
}

/** `{"error":"Bad request"}` with `Content-Type: application/json` and `Connection: close`, then the close. */
function expectBadRequest(t: HttpCheckContext, sent: string, outcome: SlowOutcome) {
  const what = `for the malformed request ${JSON.stringify(sent)}`
  const response = outcome.response
  if (!response) {
    failWith(t, `no response ${what}: a 'clientError' handler must write a whole response on the socket (socket.end() alone sends nothing)`, '400 Bad Request, then the connection closed', outcome)
  }
  if (response.status !== 400) {
    failWith(t, `${response.status} ${what}; a malformed request is a 400 Bad Request`, '400', outcome)
  }
  const text = rawBodyText(outcome) ?? ''
  if (!text) {
    failWith(t, `the 400 ${what} has no body: that is Node's own answer when no 'clientError' handler writes one`, '400 with the JSON body {"error":"Bad request"}', outcome)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    t.fail(`the body of the 400 ${what} is not JSON (is its Content-Length right?)`, { expected: '{"error":"Bad request"}', actual: JSON.stringify(text) })
  }
  if ((body as { error?: unknown } | null)?.error !== 'Bad request') {
    t.fail(`the 400 ${what} has the wrong body`, { expected: '{"error":"Bad request"}', actual: JSON.stringify(body) })
  }
  const type = response.headers['content-type']
  if (!type) t.fail(`the 400 ${what} has no Content-Type; its body is JSON`, { expected: 'Content-Type: application/json', actual: 'no Content-Type', diagnosis: 'missing-content-type' })
  if (type.split(';')[0]!.trim().toLowerCase() !== 'application/json') {
    t.fail(`the 400 ${what} says Content-Type: ${type}, but its body is JSON`, { expected: 'Content-Type: application/json', actual: `Content-Type: ${type}`, diagnosis: 'wrong-content-type' })
  }
  if (!/\bclose\b/i.test(response.headers.connection ?? '')) {
    t.fail(`the 400 ${what} lacks Connection: close: after a request it could not parse, the server cannot find the next one on that connection`, {
      expected: 'Connection: close',
      actual: response.headers.connection ? `Connection: ${response.headers.connection}` : 'no Connection header',
    })
  }
  if (outcome.closedAfterMs === null) {
    failWith(t, `the 400 ${what} says Connection: close, but the server kept the connection open (end the socket after writing)`, 'the connection closed by the server', outcome)
  }
}

export default defineChecks({
  lesson: 20,
  slug: 'timeouts',
  env: {
    HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
    WORK_TIMEOUT_MS: String(WORK_TIMEOUT_MS),
  },
  checks: [
    get('/').id('get-root').title('GET / answers 200').expectStatus(200),

    drawn('upload', 'POST /upload answers {"bytes":N} once the whole body has arrived, sent in pieces within the limit', ({ random }) => {
      const size = random.int(2000, 9000)
      const body = Buffer.alloc(size, random.word())
      return post('/upload').bytes(body, 'application/octet-stream').slowly({ pieces: 4, delayMs: 15 }).expectStatus(200).expectJson({ bytes: size })
    }),

    flow('slowloris', `a slowloris (headers one byte at a time, never finished) gets 408 or a closed connection within about twice HEADERS_TIMEOUT_MS (${HEADERS_TIMEOUT_MS} ms)`, async (t) => {
      const outcome = await slowloris(t, { byteEveryMs: 20, deadlineMs: SLOWLORIS_WITHIN_MS })
      const status = outcome.response?.status ?? null
      if (status !== null && status !== 408) {
        failWith(t, `a client too slow with its headers got ${status}: a timeout is not a bad request (in 'clientError', error.code 'ERR_HTTP_REQUEST_TIMEOUT' gets 408)`, '408, or the connection closed', outcome)
      }
      const endedAfter = status === 408 ? outcome.answeredAfterMs : outcome.closedAfterMs
      if (endedAfter === null) {
        failWith(t, `a client still sending its headers after ${SLOWLORIS_WITHIN_MS} ms was not let go, though HEADERS_TIMEOUT_MS is ${HEADERS_TIMEOUT_MS}: pass headersTimeout to createServer, and a connectionsCheckingInterval low enough (Node checks every 30 s by default)`, `408 or a close within ${SLOWLORIS_WITHIN_MS} ms`, outcome)
      }
      if (endedAfter < NOT_BEFORE * HEADERS_TIMEOUT_MS) {
        failWith(t, `the server gave up on the headers after ${endedAfter} ms, before HEADERS_TIMEOUT_MS (${HEADERS_TIMEOUT_MS} ms): take the limit from the environment`, `nothing before ${HEADERS_TIMEOUT_MS} ms`, outcome)
      }
    }),

    flow('upload-too-slow', `a body still trickling in after REQUEST_TIMEOUT_MS (${REQUEST_TIMEOUT_MS} ms) gets 408, and the server keeps serving`, async (t) => {
      const outcome = await tricklingBody(t, { path: '/upload', declaredLength: 100_000, pieceBytes: 10, pieceEveryMs: 20, deadlineMs: TRICKLE_WITHIN_MS })
      const status = outcome.response?.status ?? null
      if (status === null) {
        const how = outcome.closedAfterMs === null ? `the connection was still open after ${TRICKLE_WITHIN_MS} ms` : 'the connection was closed without an answer'
        failWith(t, `a body that had not arrived within REQUEST_TIMEOUT_MS got no 408 (${how}): pass requestTimeout to createServer (with a low connectionsCheckingInterval), and answer 408 in 'clientError' for ERR_HTTP_REQUEST_TIMEOUT`, `408 within ${TRICKLE_WITHIN_MS} ms`, outcome)
      }
      if (status !== 408) {
        failWith(t, `a body too slow to arrive got ${status}; a request that timed out gets 408 Request Timeout (error.code 'ERR_HTTP_REQUEST_TIMEOUT' in 'clientError')`, '408', outcome)
      }
      if (outcome.answeredAfterMs! < NOT_BEFORE * REQUEST_TIMEOUT_MS) {
        failWith(t, `the 408 came after ${outcome.answeredAfterMs} ms, before REQUEST_TIMEOUT_MS (${REQUEST_TIMEOUT_MS} ms): take the limit from the environment`, `no 408 before ${REQUEST_TIMEOUT_MS} ms`, outcome)
      }
      await t.send(get('/').freshConnection().expectStatus(200))
    }),

    flow('keep-alive-idle', `a kept-alive connection left idle is closed by the server after KEEP_ALIVE_TIMEOUT_MS (${KEEP_ALIVE_TIMEOUT_MS} ms, plus Node's grace of up to 1 s)`, async (t) => {
      const outcome = await idleAfterResponse(t, { path: '/', deadlineMs: IDLE_WITHIN_MS + 50 })
      if (!outcome.response?.complete || outcome.respondedAfterMs === null) {
        failWith(t, 'GET / on a kept-alive connection got no whole response', 'a whole response, then an idle connection', outcome)
      }
      const idle = outcome.idleBeforeCloseMs
      if (idle === null) {
        failWith(t, `a connection idle for ${outcome.watchedMs - outcome.respondedAfterMs} ms after its response was still open, though KEEP_ALIVE_TIMEOUT_MS is ${KEEP_ALIVE_TIMEOUT_MS}: pass keepAliveTimeout to createServer`, `closed within ${KEEP_ALIVE_TIMEOUT_MS} ms + 1 s`, outcome)
      }
      if (idle > IDLE_WITHIN_MS) {
        failWith(t, `the idle connection was closed ${idle} ms after its response; KEEP_ALIVE_TIMEOUT_MS is ${KEEP_ALIVE_TIMEOUT_MS}: pass keepAliveTimeout to createServer`, `closed within ${KEEP_ALIVE_TIMEOUT_MS} ms + 1 s`, outcome)
      }
      if (idle < KEEP_ALIVE_TIMEOUT_MS / 2) {
        failWith(t, `the connection was closed ${idle} ms after its response, long before KEEP_ALIVE_TIMEOUT_MS (${KEEP_ALIVE_TIMEOUT_MS} ms): it was not kept alive for a next request`, `open for at least ${KEEP_ALIVE_TIMEOUT_MS} ms`, outcome)
      }
    }),

    flow('malformed-request-line', 'a broken request line gets 400 {"error":"Bad request"} with Connection: close, and the server keeps serving', async (t) => {
      for (const line of BAD_REQUEST_LINES) {
        const sent = `${line}\r\nHost: localhost\r\n\r\n`
        expectBadRequest(t, line, await sendRaw(t, sent, { deadlineMs: 600 }))
      }
      await t.send(get('/').freshConnection().expectStatus(200))
    }),

    flow('malformed-header', 'a header with invalid bytes gets 400 {"error":"Bad request"} with Connection: close, and the server keeps serving', async (t) => {
      for (const header of BAD_HEADERS) {
        const sent = `GET / HTTP/1.1\r\nHost: localhost\r\n${header}\r\n\r\n`
        expectBadRequest(t, header, await sendRaw(t, sent, { deadlineMs: 600 }))
      }
      await t.send(get('/').freshConnection().expectStatus(200))
    }),

    get(`/report?delay=${Math.round(WORK_TIMEOUT_MS / 3)}`)
      .id('report-in-time')
      .title(`GET /report?delay=${Math.round(WORK_TIMEOUT_MS / 3)} (work done within WORK_TIMEOUT_MS) answers 200 {"ok":true}`)
      .expectStatus(200)
      .expectJson({ ok: true }),

    flow('report-too-slow', `GET /report?delay=${TOO_SLOW_MS} answers 503 {"error":"Timed out"} at about WORK_TIMEOUT_MS (${WORK_TIMEOUT_MS} ms), and nothing is written later`, async (t) => {
      const mark = t.output.mark()
      const started = performance.now()
      await t.send(
        get(`/report?delay=${TOO_SLOW_MS}`)
          .timeout(TOO_SLOW_MS + 1000)
          .expectStatus(503)
          .expectJson({ error: 'Timed out' })
          .expectThat(`the 503 after about ${WORK_TIMEOUT_MS} ms, before the work would have finished (${TOO_SLOW_MS} ms)`, (_response, exchange) => {
            if (exchange.durationMs < NOT_BEFORE * WORK_TIMEOUT_MS) return `it came after ${exchange.durationMs} ms, before WORK_TIMEOUT_MS: give the work its time`
            if (exchange.durationMs >= TOO_SLOW_MS) return `it came after ${exchange.durationMs} ms, once the work had finished anyway: answer when WORK_TIMEOUT_MS runs out`
            return null
          }),
      )
      // The abandoned work would have finished now: it must not answer a second time.
      await sleep(Math.max(0, TOO_SLOW_MS + WATCH_AFTER_MS - (performance.now() - started)))
      const late = (await t.mistakesSeen(mark))[0]
      if (late) {
        t.fail(`after the 503 the work went on and tried to answer again when it finished: abort it when WORK_TIMEOUT_MS runs out (${late.detail})`, {
          expected: 'nothing written after the 503',
          actual: late.detail,
          diagnosis: late.code,
        })
      }
    }),

    flow('report-client-gone', 'a client that leaves before its report is ready: the work is abandoned and nothing is written to it', async (t) => {
      const mark = t.output.mark()
      const delay = Math.round(WORK_TIMEOUT_MS * 2 / 3)
      const path = `/report?delay=${delay}&visit=${t.random.word()}`
      const visit = leavingClient(t, { path, deadlineMs: 3000 })
      const reached = await t.waitForRequest(path, 2000)
      visit.leave()
      const outcome = await visit.outcome
      if (!reached) failWith(t, `GET ${path} never reached the request handler`, 'the request in the handler', outcome)
      if (outcome.response) failWith(t, `GET ${path} was answered at once, before its work of ${delay} ms`, 'an answer only once the work is done', outcome)
      // Past the work's end and past WORK_TIMEOUT_MS: neither may write to the client that left.
      await sleep(Math.max(delay, WORK_TIMEOUT_MS) + WATCH_AFTER_MS)
      const seen = await t.mistakesSeen(mark)
      const late = seen.find((mistake) => mistake.code === 'write-after-close') ?? seen[0]
      if (late) {
        t.fail(`the client left, but the program still wrote to it: stop the work (and its timer) on res 'close' when the response has not finished (${late.detail})`, {
          expected: 'nothing written once the client has gone',
          actual: late.detail,
          diagnosis: late.code,
        })
      }
      await t.send(get('/').expectStatus(200))
    }),
  ],
})
