/**
 * A check run as the page draws it: the runner's result, plus what the terminal adds on its
 * way out (each diagnosis explained, failures grouped by cause with what to fix first first,
 * expected against actual as a line diff), all as JSON: the page puts learner strings into the
 * document as text, never as markup.
 */
import type { CheckOutcome } from '../learn/run-check.ts'
import { diffLines, type DiffLine } from '../learn/line-diff.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { groupCauses } from '../report/causes.ts'
import { EXPLANATIONS } from '../report/explanations.ts'
import { pathAsTyped } from '../report/path-as-typed.ts'
import type { CheckResult } from '../runner/results.ts'

export type CheckView = CheckResult & {
  explanation: { name: string; explain: string } | null
  /** expected against actual, line by line, when both are there */
  diff: DiffLine[] | null
}

export type CauseView = { first: number; checks: number[] }

export type VerdictView =
  | { lesson: number; state: 'missing'; file: string }
  | { lesson: number; state: 'error'; message: string }
  | {
      lesson: number
      state: 'checked'
      file: string
      passed: boolean
      firstPass: boolean
      score: number
      maxScore: number
      seed: number
      durationMs: number
      notGraded: string[]
      checks: CheckView[]
      causes: CauseView[]
      next: { number: number; title: string } | null
    }

export function verdictView(lesson: Lesson, outcome: CheckOutcome, next: Lesson | undefined): VerdictView {
  if (outcome.state === 'missing') return { lesson: lesson.number, state: 'missing', file: pathAsTyped(outcome.file) }
  const { result } = outcome
  const causes = groupCauses(result.checks).map((cause) => ({ first: result.checks.indexOf(cause.first), checks: cause.checks.map((check) => result.checks.indexOf(check)) }))
  return {
    lesson: lesson.number,
    state: 'checked',
    file: pathAsTyped(outcome.file),
    passed: result.passed,
    firstPass: outcome.firstPass,
    score: result.score,
    maxScore: result.maxScore,
    seed: result.seed,
    durationMs: result.durationMs,
    notGraded: outcome.notGraded.map(pathAsTyped),
    checks: result.checks.map(checkView),
    causes,
    next: next ? { number: next.number, title: next.title } : null,
  }
}

function checkView(check: CheckResult): CheckView {
  return {
    ...check,
    explanation: check.diagnosis ? EXPLANATIONS[check.diagnosis] : null,
    diff: check.expected !== null && check.actual !== null ? diffLines(check.expected, check.actual) : null,
  }
}
