/**
 * Runs a lesson's module checks in one isolated child: the harness imports the learner's
 * module there, with the probe watching, and reports a result per check.
 */
import type { ModuleCheck } from '../dsl/define.ts'
import { PROBE_ENV, type ProbeEvent } from '../probe/events.ts'
import { describeCrash } from './describe-crash.ts'
import { diagnose } from './diagnose.ts'
import { LearnerProcess, type StartOptions } from './learner-process.ts'
import { MODULE_HARNESS } from './paths.ts'
import type { CheckResult } from './results.ts'
import { relativeWhere } from './run-http-check.ts'
import { reportExchange } from './report-exchange.ts'
import { fromWire } from '../dsl/exchange.ts'

export type ModuleRun = {
  checks: ModuleCheck[]
  checksPath: string
  target: string
  seed: number
  exerciseDir: string
  processOptions: Omit<StartOptions, 'entry'>
  bootTimeoutMs: number
  /** The harness to run (default: the workbook's own, through tsx). */
  harness?: string
}

export async function runModuleChecks(run: ModuleRun): Promise<CheckResult[]> {
  const child = new LearnerProcess({
    ...run.processOptions,
    entry: run.harness ?? MODULE_HARNESS,
    harness: true,
    env: {
      ...run.processOptions.env,
      [PROBE_ENV.checksModule]: run.checksPath,
      [PROBE_ENV.target]: run.target,
      [PROBE_ENV.seed]: String(run.seed),
    },
  })
  try {
    const deadline = run.bootTimeoutMs + run.checks.length * 3500
    await child.waitFor((record) => (record.source === 'probe' && record.event.t === 'module-done' ? true : undefined), deadline)
    return run.checks.map((check) => resultFor(check, child, run.exerciseDir))
  } finally {
    await child.stop()
  }
}

function resultFor(check: ModuleCheck, child: LearnerProcess, exerciseDir: string): CheckResult {
  const records = child.records
  const start = records.find((r) => r.source === 'probe' && r.event.t === 'module-start' && r.event.id === check.id)
  const end = records.find((r) => r.source === 'probe' && r.event.t === 'module-result' && r.event.id === check.id)
  const during: ProbeEvent[] = records
    .filter((r) => start && r.seq > start.seq && (!end || r.seq < end.seq))
    .flatMap((r) => (r.source === 'probe' ? [r.event] : []))
  const base = { id: check.id, title: check.title, maxPoints: check.points, durationMs: 0, exchange: null, curl: null }

  if (end && end.source === 'probe' && end.event.t === 'module-result') {
    const result = end.event
    if (result.status === 'pass' || result.status === 'skip') {
      return { ...base, status: result.status, points: result.status === 'pass' ? check.points : 0, message: result.message, diagnosis: null, detail: null, where: null, expected: null, actual: null }
    }
    // An exchange with a server the check served (`t.serve`) is shown as an HTTP check's is.
    const exchange = result.exchange ? fromWire(result.exchange) : null
    const found = diagnose({ events: during, exchanges: exchange ? [exchange] : [], exit: null, fromCheck: result.diagnosis ?? null })
    const where = found?.where ?? result.where ?? null
    return {
      ...base,
      exchange: exchange ? reportExchange(exchange) : null,
      status: 'fail',
      points: 0,
      message: result.message,
      diagnosis: found?.code ?? null,
      detail: found?.detail || null,
      where: where ? relativeWhere(where, exerciseDir) : null,
      expected: result.expected ?? null,
      actual: result.actual ?? null,
    }
  }

  const loadFailed = records.find((r) => r.source === 'probe' && r.event.t === 'module-load-failed')
  if (loadFailed && loadFailed.source === 'probe' && loadFailed.event.t === 'module-load-failed') {
    const crash = describeCrash(loadFailed.event, exerciseDir)
    return { ...failed(base, `your module could not be loaded: ${crash.error}`, 'crashed', crash.where), detail: crash.frame }
  }
  const uncaught = records.find((r) => r.source === 'probe' && r.event.t === 'uncaught')
  if (uncaught && uncaught.source === 'probe' && uncaught.event.t === 'uncaught') {
    const crash = describeCrash(uncaught.event, exerciseDir)
    return { ...failed(base, `the program crashed: ${crash.error}`, 'crashed', crash.where), detail: crash.frame }
  }
  return failed(base, start ? 'the check did not finish in time' : 'the check never ran (the module checks stopped early)', null, null)
}

function failed(base: Pick<CheckResult, 'id' | 'title' | 'maxPoints' | 'durationMs' | 'exchange' | 'curl'>, message: string, diagnosis: CheckResult['diagnosis'], where: string | null): CheckResult {
  return { ...base, status: 'fail', points: 0, message, diagnosis, detail: null, where, expected: null, actual: null }
}
