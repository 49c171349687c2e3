// Proves there are no free points: the event-loop check scores only once some other check of the
// lesson passes, so an untouched starter whose behaviour checks all fail scores 0 (it used to earn
// the event-loop point on every lesson: a program that does nothing blocks nothing).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { gradeClass } from '../src/grade/grade-class.ts'
import { DEFAULT_LIMITS } from '../src/grade/sandbox.ts'
import { get } from '../src/dsl/request.ts'
import { gradeFixture } from './helpers.ts'

const ROOT = join(import.meta.dirname, '..')

describe('no free points', () => {
  it('scores 0 for untouched starters whose behaviour checks all fail', async () => {
    const lessons = loadLessons().filter((lesson) => [2, 3, 4].includes(lesson.number))
    // The workbook's own exercises/ is the untouched starter of every lesson.
    const graded = await gradeClass({ learners: [{ name: 'starter', dir: ROOT }], lessons, seed: 1, jobs: 2, limits: DEFAULT_LIMITS })
    for (const { result } of graded) {
      expect(result.checks.filter((check) => check.id !== 'event-loop' && check.status === 'pass'), `lesson ${result.lesson}`).toEqual([])
      expect(result.score, `lesson ${result.lesson}`).toBe(0)
      expect(result.checks.find((check) => check.id === 'event-loop')).toMatchObject({ status: 'skip', points: 0, maxPoints: 1 })
    }
  }, 90_000)

  it('judges the event loop once another check passes', async () => {
    const result = await gradeFixture('ok.ts', [get('/').expectStatus(200), get('/x').expectStatus(404)])
    expect(result.checks.map((c) => [c.id, c.status, c.points])).toEqual([
      ['get-root', 'pass', 1],
      ['get-x', 'fail', 0],
      ['event-loop', 'pass', 1],
    ])
  }, 30_000)
})
