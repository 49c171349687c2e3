/**
 * Lesson 14: errors and graceful shutdown. A port already taken (for real: the checker holds it),
 * a handler that throws, and SIGTERM while a request is in flight on a kept-alive connection,
 * with another kept-alive connection idle, as a browser leaves them. The SIGTERM check ends the
 * program, so it comes last.
 */
import { defineChecks, flow, get, type Exchange, type HttpCheckContext } from '../src/dsl/index.ts'

/** The contract's shutdown budget, from the signal to the exit. */
const SHUTDOWN_MS = 5000
/** Slack for the checker's own timers on a busy machine. */
const SLACK_MS = 250

const STACK_FRAME = /^\s+at /

function describeExit(exit: { code: number | null; signal: string | null } | null): string {
  if (!exit) return 'still running'
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
}

function noResponseExpected(t: HttpCheckContext, exchange: Exchange) {
  if (exchange.response) {
    t.fail(`after SIGTERM a new connection was still served (${exchange.response.status}); server.close() stops accepting new connections`, {
      expected: 'connection refused (or closed without an answer)',
      actual: `${exchange.response.status} ${exchange.response.statusMessage}`,
      exchange,
    })
  }
  if (exchange.error?.code === 'TIMEOUT') {
    t.fail('after SIGTERM a new connection was accepted and left hanging; the server should stop accepting connections', {
      expected: 'connection refused',
      actual: exchange.error.message,
      exchange,
    })
  }
}

export default defineChecks({
  lesson: 14,
  slug: 'errors-and-shutdown',
  checks: [
    get('/').id('root-ok').title('GET / answers 200').expectStatus(200),

    flow('boom-500', 'a handler that throws (GET /boom) gets a 500, and the server keeps serving', async (t) => {
      await t.send(get('/boom').expectStatus(500))
      await t.send(get('/').expectStatus(200))
    }),

    flow('port-in-use', 'port already taken: a line with "already in use" on stderr, exit code 1, no stack trace', async (t) => {
      const held = await t.holdPort()
      // The copy's first listen() lands on the held port, exactly as if another program had it.
      const copy = await t.start({ forcedPort: held.port })
      if (copy.listening) t.fail(`the program listened on port ${held.port}, which was already taken`, { expected: 'EADDRINUSE', actual: 'listening' })
      const exit = await copy.waitForExit(1000)
      const stderr = copy.output.lines({ stream: 'stderr' })
      const line = await copy.output.waitForLine('already in use', { stream: 'stderr' })
      if (!line) {
        t.fail('no line containing "already in use" on stderr (console.error writes to stderr)', {
          expected: 'a stderr line containing "already in use"',
          actual: stderr.length ? stderr.slice(-3).join(' | ') : 'nothing on stderr',
        })
      }
      const frame = stderr.find((text) => STACK_FRAME.test(text))
      if (frame) {
        t.fail('a stack trace was printed: the EADDRINUSE error was thrown instead of handled (listen the server\'s \'error\' event)', {
          expected: 'one clear message, no stack trace',
          actual: frame.trim(),
        })
      }
      if (!exit || exit.code !== 1) t.fail(`the program should exit with code 1 when its port is taken; got ${describeExit(exit)}`, { expected: 'exit code 1', actual: describeExit(exit) })
    }),

    flow('sigterm', 'on SIGTERM: "shutting down", no new connections, the request in flight finishes, exit code 0 within 5 s', async (t) => {
      const mark = t.output.mark()
      // t.exchange and t.send use the checks' kept-alive client: a connection stays open after
      // its response, waiting for the next request, as a browser's does.
      const slow = t.exchange(get('/slow').timeout(SHUTDOWN_MS))
      if (!(await t.waitForRequest('/slow'))) {
        const exchange = await slow
        t.fail('GET /slow never reached the request handler', { expected: 'GET /slow in flight', actual: exchange.error?.message ?? 'answered without reaching the handler', exchange })
      }
      // While GET /slow is busy, another request leaves a second kept-alive connection idle.
      await t.send(get('/').expectStatus(200))
      const signalledAt = Date.now()
      t.signal('SIGTERM')

      const line = await t.output.waitForLine('shutting down', { since: mark, stream: 'any', timeoutMs: 1000 })
      if (!line) {
        const exit = await t.waitForExit(0)
        t.fail(`no line containing "shutting down" after SIGTERM (${exit ? `the program ended: ${describeExit(exit)}` : 'the program kept running'})`, {
          expected: 'a line containing "shutting down"',
          actual: t.output.lines({ since: mark, stream: 'any' }).slice(-3).join(' | ') || 'no output',
        })
      }

      const fresh = await t.exchange(get('/').freshConnection().timeout(1000))
      noResponseExpected(t, fresh)

      const inFlight = await slow
      if (!inFlight.response || inFlight.error || inFlight.response.status !== 200) {
        t.fail('the request in flight (GET /slow) did not finish with 200 after SIGTERM: a graceful shutdown lets it complete', {
          expected: '200 for GET /slow',
          actual: inFlight.response && !inFlight.error ? String(inFlight.response.status) : (inFlight.error?.message ?? 'no response'),
          exchange: inFlight,
        })
      }

      const budget = SHUTDOWN_MS + SLACK_MS - (Date.now() - signalledAt)
      const exit = await t.waitForExit(Math.max(0, budget))
      if (!exit) {
        return t.fail(
          'the program was still running 5 s after SIGTERM. The checks\' client keeps its connections alive, as browsers do: the one that carried GET /slow went idle once its answer was sent, and server.close() waits for it until the keep-alive timeout (about 6 s) unless you close idle connections again then (server.closeIdleConnections() when a response finishes). A timer or interval still running (never cleared, not unref()\'d) also keeps the process alive.',
          { expected: 'exit code 0 within 5 s', actual: 'still running' },
        )
      }
      if (exit.code !== 0) {
        const late = Date.now() - signalledAt > SHUTDOWN_MS / 2
        t.fail(
          `after a clean shutdown the exit code should be 0; got ${describeExit(exit)}` +
            (late && !exit.signal ? ' after a few seconds: if your shutdown deadline fired, something held server.close() open, such as a kept-alive connection left idle after its response' : ''),
          { expected: 'exit code 0', actual: describeExit(exit) },
        )
      }
    }),
  ],
})
