/**
 * Lesson 11: request logging. After each response finishes the program prints
 * `METHOD URL STATUS DURATIONms`; the checks read stdout for that line after each request.
 */
import { defineChecks, drawn, escapeRegExp as escape, flow, get, post, request, type HttpCheckContext, type RequestCheck } from '../src/dsl/index.ts'

/** `GET /a?b=1 404 3.2ms`, with anything (a timestamp) before it; the duration is captured. */
const logLine = (method: string, url: string, status: number | string) =>
  new RegExp(`(?:^|\\s)${escape(method)} ${escape(url)} ${status} (\\d+(?:\\.\\d+)?) ?ms\\b`, 'i')

/** Any log line for this method and URL, whatever status it names. */
const anyLogLine = (method: string, url: string) => logLine(method, url, '(\\d{3})')

/**
 * Sends the request, then waits for its log line; fails saying what was printed instead.
 * Returns the logged duration in milliseconds.
 */
async function sendAndReadLog(t: HttpCheckContext, sent: RequestCheck, status: number): Promise<number> {
  const { method, path } = sent.spec
  const mark = t.output.mark()
  const exchange = await t.send(sent.expectStatus(status))
  // The line may come just after the response arrives: 'finish' fires once the last byte is handed over.
  const line = await t.output.waitForLine(logLine(method, path, status), { since: mark })
  if (line !== null) return Number(logLine(method, path, status).exec(line)![1])
  const printed = t.output.lines({ since: mark })
  const wrong = printed.find((candidate) => anyLogLine(method, path).test(candidate))
  const expected = `a line "${method} ${path} ${status} <duration>ms"`
  if (wrong) {
    t.fail(`${method} ${path} was answered ${status}, but the log line says otherwise: "${wrong}" (log the status really sent, once the response has finished)`, {
      expected,
      actual: wrong,
      exchange,
    })
  }
  t.fail(`no log line for ${method} ${path} on stdout${printed.length ? `; printed instead: ${printed.map((l) => `"${l}"`).join(', ')}` : ''}`, {
    expected,
    actual: printed.length ? printed.join('\n') : 'nothing printed',
    exchange,
  })
}

export default defineChecks({
  lesson: 11,
  slug: 'logging',
  checks: [
    get('/').title('GET / answers 200').expectStatus(200),

    flow('logs-root', 'GET / is logged as "GET / 200 <duration>ms"', async (t) => {
      await sendAndReadLog(t, get('/'), 200)
    }),

    flow('logs-not-found', 'an unknown path is logged with the 404 really sent, query string included', async (t) => {
      const path = `/${t.random.word()}/${t.random.int(1, 999)}?${t.random.word()}=${t.random.int(1, 99)}`
      await sendAndReadLog(t, get(path), 404)
    }),

    flow('logs-method', 'the log line names the request method', async (t) => {
      const method = t.random.pick(['DELETE', 'PUT', 'PATCH'])
      await sendAndReadLog(t, request(method, `/${t.random.word()}`), 404)
    }),

    flow('logs-once', 'each response is logged exactly once', async (t) => {
      const path = `/${t.random.word()}?n=${t.random.int(1, 999)}`
      const mark = t.output.mark()
      await sendAndReadLog(t, get(path), 404)
      await t.settle()
      const lines = t.output.lines({ since: mark }).filter((line) => anyLogLine('GET', path).test(line))
      if (lines.length > 1) t.fail(`GET ${path} was logged ${lines.length} times`, { expected: 'one log line', actual: lines.join('\n') })
    }),

    get('/slow').title('GET /slow answers 200 after about 100 ms').timeout(3000).expectStatus(200)
      .expectThat('an answer after about 100 ms', (_response, exchange) => (exchange.durationMs >= 85 ? null : `it came after ${exchange.durationMs} ms`)),

    flow('logs-slow-duration', 'GET /slow logs a duration of at least 90 ms (measured until the response finished)', async (t) => {
      const duration = await sendAndReadLog(t, get('/slow').timeout(3000), 200)
      if (!(duration >= 90)) {
        t.fail(`GET /slow took about 100 ms, but the log says ${duration}ms (measure from the request's arrival to the response's 'finish')`, {
          expected: 'a duration of at least 90ms',
          actual: `${duration}ms`,
        })
      }
    }),

    drawn('echo', 'POST /echo answers the body it received, byte for byte', ({ random }) => {
      const text = `${random.name()} says héllo 名前 🚀 ${random.word()}`
      return post('/echo').text(text, 'text/plain; charset=utf-8').slowly({ pieces: 10, delayMs: 5 }).expectStatus(200).expectBody(text)
    }),

    flow('logs-echo', 'POST /echo is logged as "POST /echo 200 <duration>ms"', async (t) => {
      const text = `${t.random.word()} ✓ ${t.random.name()}`
      await sendAndReadLog(t, post('/echo').text(text).slowly({ pieces: 6, delayMs: 5 }), 200)
    }),
  ],
})
