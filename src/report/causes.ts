/**
 * Failed checks grouped by what caused them, so one mistake is explained once with the checks
 * it failed listed under it. A diagnosed mistake at the same place with the same detail is one
 * cause; a wrong answer with no diagnosis is a cause of its own. What to fix first comes first:
 * a program that cannot start, then a crash, then the rest in the order the checks ran.
 */
import type { CheckResult } from '../runner/results.ts'

export type Cause = {
  /** The first check that showed it: its details (exchange, expected, curl) stand for the group. */
  first: CheckResult
  checks: CheckResult[]
}

const FIRST = ['never-listened', 'crashed']

/** Checks send random paths (`GET /vibi`, `GET /sarehap`): the same mistake on one method is one cause. */
// What was seen in passing (in parentheses) may differ with timing; it does not make another cause.
const sameRoute = (text: string) => text.replace(/\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/\S*/g, '$1 …').replace(/ \([^)]*\)$/, '')

export function groupCauses(checks: CheckResult[]): Cause[] {
  const causes = new Map<string, Cause>()
  for (const check of checks) {
    if (check.status !== 'fail' && check.status !== 'error') continue
    const key = check.diagnosis ? `${check.diagnosis}\n${check.where}\n${sameRoute(check.detail ?? check.message)}` : `check ${check.id}`
    const cause = causes.get(key)
    if (cause) cause.checks.push(check)
    else causes.set(key, { first: check, checks: [check] })
  }
  const rank = (cause: Cause) => {
    const at = FIRST.indexOf(cause.first.diagnosis ?? '')
    return at === -1 ? FIRST.length : at
  }
  // Array.prototype.sort is stable: within a rank, the order the checks ran.
  return [...causes.values()].sort((a, b) => rank(a) - rank(b))
}
