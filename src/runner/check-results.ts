/**
 * The one way to build a check's result. Each constructor fills every field of the contract's
 * result for its status, in the contract's order, so callers say only what they know: the check,
 * and for a failure what was found.
 */
import type { FailedCheck, Findings, PassedCheck, UnjudgedCheck } from './results.ts'

/** The check a result is about: what the checks file (or the runner, for its own checks) names it. */
export type CheckIdentity = { id: string; title: string; points: number }

/** How long the check took; 0 for a result that no run measured. */
export type Timing = { durationMs?: number }

/** A failure: its message, and whatever was found to explain it (every finding not given is null). */
export type Failure = { message: string } & Partial<Findings>

export function passed(check: CheckIdentity, { durationMs = 0 }: Timing = {}): PassedCheck {
  return { id: check.id, title: check.title, status: 'pass', points: check.points, maxPoints: check.points, message: 'passed', ...NO_FINDINGS, durationMs }
}

export function failed(check: CheckIdentity, failure: Failure, { durationMs = 0 }: Timing = {}): FailedCheck {
  return {
    id: check.id,
    title: check.title,
    status: 'fail',
    points: 0,
    maxPoints: check.points,
    message: failure.message,
    diagnosis: failure.diagnosis ?? null,
    detail: failure.detail ?? null,
    where: failure.where ?? null,
    expected: failure.expected ?? null,
    actual: failure.actual ?? null,
    exchange: failure.exchange ?? null,
    curl: failure.curl ?? null,
    ...(failure.transcript ? { transcript: failure.transcript } : {}),
    durationMs,
  }
}

/** The check decided it does not apply here (`t.skip(reason)`): no points, no failure. */
export function skipped(check: CheckIdentity, reason: string, timing: Timing = {}): UnjudgedCheck {
  return unjudged('skip', check, reason, timing)
}

/** The check could not judge: the check itself broke, or the grader did. Not the learner's fault. */
export function errored(check: CheckIdentity, reason: string, timing: Timing = {}): UnjudgedCheck {
  return unjudged('error', check, reason, timing)
}

const NO_FINDINGS = { diagnosis: null, detail: null, where: null, expected: null, actual: null, exchange: null, curl: null } as const

function unjudged(status: UnjudgedCheck['status'], check: CheckIdentity, reason: string, { durationMs = 0 }: Timing): UnjudgedCheck {
  return { id: check.id, title: check.title, status, points: 0, maxPoints: check.points, message: reason, ...NO_FINDINGS, durationMs }
}
