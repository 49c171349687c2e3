// Proves a mistake fixture based on the solution is graded as the solution with only the
// fixture's files changed, and that the temporary copy is removed afterwards.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { listMistakeFixtures, materialize } from '../src/verify/mistake-fixtures.ts'

const lesson = findLesson(loadLessons(), '12')

describe('mistake fixtures based on the solution', () => {
  it('lay the fixture over a copy of the solution, its entry replacing the solution entry', () => {
    const fixture = listMistakeFixtures(lesson.id).find((f) => f.name === 'missing-content-type')!
    expect(fixture.onSolution).toBe(true)
    const folder = materialize(fixture, lesson.solutionDir)
    try {
      const files = readdirSync(folder.dir).sort()
      expect(files).toContain('public') // from the solution
      expect(files).toContain('server.mjs') // the fixture's own entry…
      expect(files).not.toContain('server.ts') // …replaces the solution's
      expect(files).not.toContain('fixture.json')
      expect(readFileSync(join(folder.dir, 'server.mjs'), 'utf8')).toBe(readFileSync(join(fixture.dir, 'server.mjs'), 'utf8'))
    } finally {
      folder.remove()
    }
    expect(existsSync(folder.dir)).toBe(false)
  })

  it('grade a self-contained fixture in place', () => {
    const fixture = listMistakeFixtures('03-request-response').find((f) => f.name === 'blocked-event-loop')!
    expect(fixture.onSolution).toBe(false)
    expect(materialize(fixture, lesson.solutionDir).dir).toBe(fixture.dir)
  })

  it('are listed in name order, whatever order the disk gives', () => {
    const names = listMistakeFixtures('17-mini-framework').map((f) => f.name)
    expect(names).toEqual(['crashed', 'invalid-body-type', 'missing-end', 'req-body-undefined', 'write-after-end', 'wrong-answer.no-put', 'wrong-answer.params-not-decoded'])
  })

  it('read a wrong answer as the checks it must fail, with no diagnosis', () => {
    const wrong = listMistakeFixtures('13-rate-limiting').find((f) => f.name === 'wrong-answer.root')!
    expect(wrong).toMatchObject({ code: null, mustFail: ['root-ok'], onSolution: true })
  })
})
