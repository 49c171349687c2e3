/** What a lesson run returns: the contract's `--json` result format, plus the details a learner sees. */
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import type { TimelineEvent } from './timeline.ts'

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip'

export type ExchangeReport = {
  request: { method: string; path: string; headers: Record<string, string>; body: string | null; bodyBytes: number; pieces: number }
  response: { status: number; statusMessage: string; headers: Record<string, string>; body: string; bodyBytes: number } | null
  error: string | null
  durationMs: number
}

/**
 * One check's result. A failure carries what explains it; a pass, a skip or an error carries
 * none of that (every such field null), so no result says "pass" with a diagnosis. Build them
 * with `passed`, `failed`, `skipped` and `errored` (check-results.ts).
 */
export type CheckResult = PassedCheck | FailedCheck | UnjudgedCheck

/** What every result says, whatever its status. */
type Judged = {
  id: string
  title: string
  points: number
  maxPoints: number
  message: string
  durationMs: number
  /** What the checks' client and the learner's server did during the check's exchanges, in order, with times (when traced). */
  timeline?: TimelineEvent[]
}

/** What a failure found: why, where, and the exchange that shows it. */
export type Findings = {
  diagnosis: DiagnosisCode | null
  /** What exactly was seen: "you never called res.end() on GET /countdown". */
  detail: string | null
  /** The learner's file and line, relative to the exercise folder: `server.ts:14:7`. */
  where: string | null
  expected: string | null
  actual: string | null
  exchange: ExchangeReport | null
  /** The "try it" line: `curl …`, or for a raw TCP conversation `nc …` or a line of Node. */
  curl: string | null
  /** A raw TCP conversation, one line per thing sent (→), received (←) or noticed (·), with its time. */
  transcript?: string[]
}

/** The findings of a result that is not a failure: none. */
type NoFindings = { [K in Exclude<keyof Findings, 'transcript'>]: null } & { transcript?: undefined }

export type PassedCheck = Judged & NoFindings & { status: 'pass' }
export type FailedCheck = Judged & Findings & { status: 'fail'; points: 0 }
/** Not judged: skipped (the check said why), or an error of the check or the grader itself. */
export type UnjudgedCheck = Judged & NoFindings & { status: 'skip' | 'error'; points: 0 }

export type LessonResult = {
  lesson: number
  slug: string
  title: string
  passed: boolean
  score: number
  maxScore: number
  durationMs: number
  seed: number
  file: string
  checks: CheckResult[]
}
