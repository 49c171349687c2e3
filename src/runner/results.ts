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

export type CheckResult = {
  id: string
  title: string
  status: CheckStatus
  points: number
  maxPoints: number
  message: string
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
  /** What the checks' client and the learner's server did during the check's HTTP exchanges, in order, with times. */
  timeline?: TimelineEvent[]
  durationMs: number
}

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
