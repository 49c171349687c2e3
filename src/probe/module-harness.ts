/**
 * Runs a lesson's module checks inside the learner's own (probed) process: imports the checks
 * file and the learner's module, runs each check with a deadline, reports each result, exits.
 */
import { pathToFileURL } from 'node:url'
import { report } from './channel.ts'
import { PROBE_ENV, type SourceLocation } from './events.ts'
import { makeLocator } from './where.ts'
import type { LessonChecks, ModuleCheckContext } from '../dsl/define.ts'
import { CheckFailure, CheckSkipped } from '../dsl/failure.ts'
import { matchJson, show } from '../dsl/json-match.ts'
import { createRandom } from '../dsl/random.ts'
import { closeServed, serve } from '../dsl/serve.ts'
import { toWire } from '../dsl/exchange.ts'
import type { Server } from 'node:http'
import { dirname } from 'node:path'

const CHECK_DEADLINE_MS = 3000

const checksPath = process.env[PROBE_ENV.checksModule]!
const target = process.env[PROBE_ENV.target]!
const seed = Number(process.env[PROBE_ENV.seed] ?? 1)
for (const name of [PROBE_ENV.harnessNonce, PROBE_ENV.checksModule, PROBE_ENV.target, PROBE_ENV.seed]) delete process.env[name]
const locate = makeLocator(dirname(target))

const lesson = ((await import(pathToFileURL(checksPath).href)) as { default: LessonChecks }).default

let exports: Record<string, unknown>
try {
  exports = (await import(pathToFileURL(target).href)) as Record<string, unknown>
} catch (error) {
  const err = error instanceof Error ? error : new Error(String(error))
  report({ t: 'module-load-failed', name: err.name, message: err.message, stack: err.stack ?? '', where: locate(err.stack) })
  process.exit(0)
}

const random = createRandom(seed)
/** Servers the current check serves: closed when it ends. */
const served: Server[] = []
const context: ModuleCheckContext = {
  random,
  serve(server, what = 'the server') {
    served.push(server)
    return serve(server, what, dirname(target))
  },
  equal(actual, expected, what) {
    const mismatch = matchJson(actual, expected, true)
    if (mismatch) throw new CheckFailure(`expected ${what} to be ${show(expected)}, got ${show(actual)}`, { expected: show(expected), actual: show(actual) })
  },
  fail(message, details) {
    throw new CheckFailure(message, details)
  },
  skip(reason) {
    throw new CheckSkipped(reason)
  },
}

for (const check of lesson.checks) {
  if (check.kind !== 'module') continue
  report({ t: 'module-start', id: check.id })
  try {
    await withDeadline(Promise.resolve(check.run(exports, context)), CHECK_DEADLINE_MS)
    report({ t: 'module-result', id: check.id, status: 'pass', message: 'passed' })
  } catch (error) {
    report(resultOf(check.id, error))
  } finally {
    for (const server of served.splice(0)) closeServed(server)
  }
}
report({ t: 'module-done' })
process.exit(0)

function resultOf(id: string, error: unknown) {
  if (error instanceof CheckFailure) {
    const { expected, actual, exchange, diagnosis } = error.details
    return {
      t: 'module-result' as const,
      id,
      status: 'fail' as const,
      message: error.message,
      ...(expected ? { expected } : {}),
      ...(actual ? { actual } : {}),
      ...(exchange ? { exchange: toWire(exchange) } : {}),
      ...(diagnosis ? { diagnosis } : {}),
    }
  }
  if (error instanceof CheckSkipped) return { t: 'module-result' as const, id, status: 'skip' as const, message: error.message }
  const err = error instanceof Error ? error : new Error(String(error))
  const where: SourceLocation | null = locate(err.stack)
  return { t: 'module-result' as const, id, status: 'fail' as const, message: `your code threw ${err.name}: ${err.message}`, where }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(`did not finish within ${ms} ms (a promise that never settles?)`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
