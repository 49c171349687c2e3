// Proves `verify` says no when the programs are wrong: a solution that fails, a starter that
// passes, a fixture that does not get its diagnosis, a check no wrong program fails. (Its texts
// half is proven through the command in verify-lesson-text.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { ROOT } from '../src/root.ts'
import { verdictProblems } from '../src/verify/verify-workbook.ts'
import { verifyCurriculum } from '../src/verify/verify-curriculum.ts'

const lesson = findLesson(loadLessons(), '03')
const scratch = mkdtempSync(join(tmpdir(), 'verify-programs-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('verify on wrong programs', () => {
  it('fails a solution that fails its checks and a starter that passes them', async () => {
    const swapped = { ...lesson, solutionDir: lesson.exerciseDir, exerciseDir: lesson.solutionDir }
    const [verdict] = await verifyCurriculum([swapped], { seed: 1, jobs: 2 })
    expect(verdict!.solution).toMatchObject({ ok: false, summary: expect.stringMatching(/^fails /) })
    expect(verdict!.starter).toMatchObject({ ok: false, summary: 'passes every check: the starter gives the answer away' })
    expect(verdictProblems([verdict!])).toBeGreaterThanOrEqual(2)
  }, 60_000)

  it('fails fixtures that get no diagnosis, and checks that nothing fails', async () => {
    const checksPath = join(scratch, 'always-passes.ts')
    const dsl = JSON.stringify(join(ROOT, 'src', 'dsl', 'index.ts'))
    writeFileSync(checksPath, `import { defineChecks, flow } from ${dsl}\nexport default defineChecks({ lesson: 3, slug: 'request-response', checks: [flow('always', 'passes whatever the program does', async () => {})] })\n`)
    const [verdict] = await verifyCurriculum([{ ...lesson, checksPath }], { seed: 1, jobs: 2 })
    expect(verdict!.mistakes.length).toBeGreaterThan(0)
    for (const mistake of verdict!.mistakes) expect(mistake).toMatchObject({ ok: false, summary: expect.stringMatching(/passed$/) })
    expect(verdict!.neverFailed).toContain('always')
    expect(verdictProblems([verdict!])).toBe(1 + 1 + verdict!.mistakes.length) // the starter, the unproven checks, each fixture
  }, 60_000)
})
