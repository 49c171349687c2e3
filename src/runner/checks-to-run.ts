/**
 * Which checks a run of a lesson reports, in the order it reports them: the lesson's module
 * checks, its HTTP checks, then the runner's own event-loop check, which every lesson with HTTP
 * checks gets. Whoever needs the list without running the lesson (grade, for a lesson it could not
 * run; verify, to know which checks were shown able to fail) asks here instead of copying the rule.
 */
import type { LessonChecks } from '../dsl/define.ts'
import { BLOCKED_LOOP_MS } from '../limits.ts'
import type { CheckIdentity } from './check-results.ts'

export type CheckToRun = CheckIdentity & {
  /** `lesson`: written in the lesson's checks file; `runner`: the runner's own (the event loop). */
  from: 'lesson' | 'runner'
}

/** The check every lesson with HTTP checks gets (its id, title and points). */
export const EVENT_LOOP: CheckIdentity = { id: 'event-loop', title: `never blocks the event loop for over ${BLOCKED_LOOP_MS} ms`, points: 1 }

export function checksToRun(lesson: LessonChecks): CheckToRun[] {
  const own = (kind: 'module' | 'http') =>
    lesson.checks.filter((check) => check.kind === kind).map((check): CheckToRun => ({ id: check.id, title: check.title, points: check.points, from: 'lesson' }))
  const http = own('http')
  const eventLoop: CheckToRun[] = http.length ? [{ ...EVENT_LOOP, from: 'runner' }] : []
  return [...own('module'), ...http, ...eventLoop]
}
