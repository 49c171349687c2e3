// Proves a symbolic link is never followed into someone's work: a learner whose exercises/ is a
// link to another learner's folder, or whose lesson folder is a link, is refused with "is a link"
// and scores nothing, instead of being graded on the other learner's program.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { findLearners } from '../src/grade/find-learners.ts'
import { gradeClass } from '../src/grade/grade-class.ts'
import { DEFAULT_LIMITS } from '../src/grade/sandbox.ts'

const ROOT = join(import.meta.dirname, '..')
const temp = mkdtempSync(join(tmpdir(), 'grade-links-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('links in a class folder', () => {
  it('refuses a linked exercises/ folder and a linked lesson folder, saying "is a link"', async () => {
    const lesson = findLesson(loadLessons(), '3')
    const classDir = join(temp, 'class')
    mkdirSync(join(classDir, 'alice', 'exercises'), { recursive: true })
    cpSync(join(ROOT, 'solutions', lesson.id), join(classDir, 'alice', 'exercises', lesson.id), { recursive: true })
    mkdirSync(join(classDir, 'mallory'))
    symlinkSync(join(classDir, 'alice', 'exercises'), join(classDir, 'mallory', 'exercises'))
    mkdirSync(join(classDir, 'nina', 'exercises'), { recursive: true })
    symlinkSync(join(classDir, 'alice', 'exercises', lesson.id), join(classDir, 'nina', 'exercises', lesson.id))

    const graded = await gradeClass({ learners: findLearners(classDir), lessons: [lesson], seed: 1, jobs: 2, limits: DEFAULT_LIMITS, tempRoot: temp })
    const by = Object.fromEntries(graded.map((g) => [g.learner, g]))
    expect(by.alice!.result.score).toBe(6)
    expect(by.mallory!.result.score).toBe(0)
    expect(by.mallory!.missing).toMatch(/^exercises\/ is a link, not a folder: links are not followed/)
    expect(by.nina!.result.score).toBe(0)
    expect(by.nina!.missing).toMatch(/^exercises\/03-request-response\/ is a link, not a folder/)
    expect(by.nina!.result.checks[0]!.message).not.toMatch(/no folder/)
  }, 60_000)
})
