/**
 * The probe: loaded with `--import` before the learner's code. It redirects `listen()`, watches
 * http and EventEmitter for the known mistakes, and reports all it sees to the runner. It
 * changes nothing the learner's program could observe, except the port it listens on.
 */
import { PROBE_ENV } from './events.ts'
import { report } from './channel.ts'
import { makeLocator } from './where.ts'
import { redirectListen } from './listen-redirect.ts'
import { watchResponses } from './response-watch.ts'
import { watchEmitters } from './emitter-watch.ts'
import { watchRequestBody } from './request-body-watch.ts'
import { watchFileReads } from './file-read-watch.ts'
import { watchStreams } from './stream-watch.ts'
import { watchFileStreams } from './file-stream-watch.ts'
import { watchBodyMemory } from './memory-watch.ts'
import { watchSockets } from './socket-watch.ts'
import { startHeartbeat } from './heartbeat.ts'
import { watchIdleness } from './idle-watch.ts'
import { inFlightRequests, latestRequestId } from './request-registry.ts'
import { flushTrace, startTracing, traceUncaught, tracing } from './trace.ts'

const forced = Number(process.env[PROBE_ENV.forcedPort])
const learnerDir = process.env[PROBE_ENV.learnerDir] ?? process.cwd()
const trace = process.env[PROBE_ENV.trace] === '1'
for (const name of [PROBE_ENV.nonce, PROBE_ENV.forcedPort, PROBE_ENV.learnerDir, PROBE_ENV.trace]) delete process.env[name]

const locate = makeLocator(learnerDir)
if (trace) startTracing(locate)
redirectListen(Number.isInteger(forced) && forced > 0 ? forced : null)
watchResponses(locate)
watchEmitters(locate)
watchRequestBody(locate)
watchFileReads(locate)
watchStreams(locate)
watchFileStreams(locate)
watchBodyMemory()
watchSockets()
startHeartbeat()
watchIdleness()

// A monitor only observes: the program still crashes exactly as it would have.
process.on('uncaughtExceptionMonitor', (error: unknown) => {
  const err = error instanceof Error ? error : new Error(String(error))
  const where = locate(err.stack) ?? locateInMessage(err.message, learnerDir)
  const inFlight = inFlightRequests()
  if (tracing) {
    const latest = latestRequestId()
    const ids = inFlight.length ? inFlight.map((request) => request.id) : latest === null ? [] : [latest]
    traceUncaught(ids, `threw ${err.name}${err.message ? `: ${err.message.split('\n')[0]!.slice(0, 100)}` : ''} (uncaught: the program crashes)`, where)
    flushTrace() // what the requests did up to the crash comes first
  }
  report({
    t: 'uncaught',
    name: err.name,
    message: err.message,
    code: typeof (err as { code?: unknown }).code === 'string' ? String((err as { code?: unknown }).code) : null,
    stack: err.stack ?? String(err),
    where,
    inFlight,
  })
})

/** A transform error (a TypeScript syntax error) names the file in its message, not its stack. */
function locateInMessage(message: string, dir: string) {
  const match = /(\/[^\s:]+):(\d+):(\d+)/.exec(message)
  if (!match || !match[1]!.startsWith(dir)) return null
  return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) + 1 }
}
