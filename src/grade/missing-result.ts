/** The result of a lesson a learner has not handed in: every check failed, no points. */
import type { Lesson } from '../curriculum/lessons.ts'
import { loadChecks } from '../runner/check-lesson.ts'
import type { CheckResult, LessonResult } from '../runner/results.ts'
import { EVENT_LOOP } from '../runner/run-lesson.ts'

export async function missingResult(lesson: Lesson, why: string, seed: number, file: string): Promise<LessonResult> {
  const { checks } = await loadChecks(lesson)
  const failed = (id: string, title: string, maxPoints: number): CheckResult => ({
    id, title, status: 'fail', points: 0, maxPoints, message: why, diagnosis: null,
    detail: null, where: null, expected: null, actual: null, exchange: null, curl: null, durationMs: 0,
  })
  const results = checks.map((check) => failed(check.id, check.title, check.points))
  // runLesson adds its event-loop check to every lesson with HTTP checks: the same one here.
  if (checks.some((check) => check.kind === 'http')) results.push(failed(EVENT_LOOP.id, EVENT_LOOP.title, EVENT_LOOP.maxPoints))
  return {
    lesson: lesson.number, slug: lesson.slug, title: lesson.title, passed: false, score: 0,
    maxScore: results.reduce((sum, check) => sum + check.maxPoints, 0), durationMs: 0, seed, file, checks: results,
  }
}
