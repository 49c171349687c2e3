/** The contract's `--json` result object (extra fields allowed; these come first). */
import type { LessonResult } from '../runner/results.ts'

export function toContractJson(result: LessonResult) {
  const { lesson, slug, passed, score, maxScore, durationMs, checks, ...rest } = result
  return {
    lesson,
    slug,
    passed,
    score,
    maxScore,
    durationMs,
    checks: checks.map(({ id, title, status, points, maxPoints, message, diagnosis, ...details }) => ({
      id, title, status, points, maxPoints, message, diagnosis, ...details,
    })),
    ...rest,
  }
}
