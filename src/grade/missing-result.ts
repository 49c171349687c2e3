/**
 * The result of a lesson that could not be graded in full: not handed in (every check failed, no
 * points), the grader's own error, or a run cut off at the lesson's deadline (the checks that had
 * passed by then keep their points; the rest fail with the reason).
 */
import type { Lesson } from '../curriculum/lessons.ts'
import { loadChecks } from '../runner/check-lesson.ts'
import { errored, failed, type CheckIdentity } from '../runner/check-results.ts'
import type { CheckResult, LessonResult } from '../runner/results.ts'
import { EVENT_LOOP } from '../runner/run-lesson.ts'

export async function missingResult(
  lesson: Lesson,
  why: string,
  seed: number,
  file: string,
  { done = [], status = 'fail' }: { done?: CheckResult[]; status?: 'fail' | 'error' } = {},
): Promise<LessonResult> {
  const { checks } = await loadChecks(lesson)
  const unjudged = (check: CheckIdentity): CheckResult => (status === 'error' ? errored(check, why) : failed(check, { message: why }))
  const seen = new Set(done.map((check) => check.id))
  // The order runLesson reports them in: module checks, HTTP checks, then its event-loop check.
  const ordered = [...checks.filter((check) => check.kind === 'module'), ...checks.filter((check) => check.kind === 'http')]
  const results = [...done, ...ordered.filter((check) => !seen.has(check.id)).map(unjudged)]
  // runLesson adds its event-loop check to every lesson with HTTP checks: the same one here.
  if (checks.some((check) => check.kind === 'http') && !seen.has(EVENT_LOOP.id)) results.push(unjudged(EVENT_LOOP))
  const score = results.reduce((sum, check) => sum + check.points, 0)
  const maxScore = results.reduce((sum, check) => sum + check.maxPoints, 0)
  return {
    lesson: lesson.number, slug: lesson.slug, title: lesson.title, passed: false, score,
    maxScore, durationMs: 0, seed, file, checks: results,
  }
}
