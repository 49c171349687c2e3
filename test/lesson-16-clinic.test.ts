// Lesson 16's promise to the learner: the starter's seven routes each fail their own check with
// their own diagnosis, so fixing one route makes exactly one named check pass.
import { describe, expect, it } from 'vitest'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'

describe('lesson 16, the clinic', () => {
  it('fails each route of the starter with its own diagnosis', async () => {
    const lesson = loadLessons().find((candidate) => candidate.number === 16)!
    const result = await checkLesson(lesson, findEntryFile(lesson.exerciseDir, lesson.entry)!, { seed: 16 })
    expect(Object.fromEntries(result.checks.map((check) => [check.id, check.diagnosis]))).toEqual({
      home: 'write-after-end',
      about: 'missing-end',
      stats: 'invalid-body-type',
      echo: 'split-multibyte',
      greet: 'req-body-undefined',
      time: 'missing-content-type',
      user: 'headers-after-body',
      'event-loop': null,
    })
  }, 60_000)
})
