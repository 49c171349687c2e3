// Proves the runner's list of the checks a lesson runs is what a run of it reports, in the same
// order, with the event-loop check for a lesson with HTTP checks and none for one without.
import { describe, expect, it } from 'vitest'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson, loadChecks } from '../src/runner/check-lesson.ts'
import { checksToRun } from '../src/runner/checks-to-run.ts'

const lessons = loadLessons()

describe('the checks a lesson runs', () => {
  it.each([['1', false], ['3', true]])('lesson %s: the ones its run reports (event-loop check: %s)', async (wanted, eventLoop) => {
    const lesson = findLesson(lessons, wanted)
    const listed = checksToRun(await loadChecks(lesson))
    const result = await checkLesson(lesson, findEntryFile(lesson.solutionDir, lesson.entry)!, { seed: 1 })
    expect(listed.map(({ id, title, points }) => ({ id, title, maxPoints: points }))).toEqual(result.checks.map(({ id, title, maxPoints }) => ({ id, title, maxPoints })))
    expect(listed.filter((check) => check.from === 'runner').map((check) => check.id)).toEqual(eventLoop ? ['event-loop'] : [])
  }, 60_000)
})
