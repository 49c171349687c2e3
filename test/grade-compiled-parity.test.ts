// `grade` compiles the learner's TypeScript itself and runs plain JavaScript; `npm run check
// --file` runs it through tsx. Both must reach the same verdict on every check: proven here on
// every lesson's reference solution and starter, and on a sample of mistake fixtures (one per
// lesson; PARITY_ALL=1 runs every fixture, which takes several minutes on two cores).
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLessons, type Lesson } from '../src/curriculum/lessons.ts'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { gradeOne } from '../src/grade/grade-one.ts'
import { DEFAULT_LIMITS } from '../src/grade/sandbox.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { listMistakeFixtures, materialize } from '../src/verify/mistake-fixtures.ts'
import { inPool } from '../src/pool.ts'

const SEED = 11
const lessons = loadLessons()
type Case = { lesson: Lesson; name: string; dir: string; remove: () => void }

function cases(): Case[] {
  return lessons.flatMap((lesson) => {
    const fixtures = listMistakeFixtures(lesson.id)
    const picked = process.env.PARITY_ALL ? fixtures : fixtures.slice(0, 1)
    return [
      { lesson, name: 'solution', dir: lesson.solutionDir, remove: () => {} },
      { lesson, name: 'starter', dir: lesson.exerciseDir, remove: () => {} },
      ...picked.map((fixture) => ({ lesson, name: fixture.name, ...materialize(fixture, lesson.solutionDir) })),
    ]
  })
}

const verdicts = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((check) => [check.id, check.status === 'skip' ? 'skip' : check.status === 'pass' ? 'pass' : 'fail']))

describe('grade (compiled JavaScript) and check (tsx) agree', () => {
  it('on every solution, every starter and a sample of mistake fixtures', async () => {
    const all = cases()
    const disagreements: string[] = []
    try {
      await inPool(all, 2, async (one) => {
        const entry = findEntryFile(one.dir, one.lesson.entry)
        if (!entry) return
        const learner = mkdtempSync(join(tmpdir(), 'parity-learner-'))
        try {
          cpSync(one.dir, join(learner, one.lesson.id), { recursive: true })
          const compare = async () => {
            const [graded, checked] = await Promise.all([
              gradeOne({ name: one.name, dir: learner }, one.lesson, { seed: SEED, limits: DEFAULT_LIMITS }),
              checkLesson(one.lesson, entry, { seed: SEED }),
            ])
            const mine = verdicts(graded.result.checks)
            const theirs = verdicts(checked.checks)
            return JSON.stringify(mine) === JSON.stringify(theirs)
              ? null
              : `${one.lesson.id} ${one.name}: grade ${JSON.stringify(mine)} · check ${JSON.stringify(theirs)} · ${graded.result.checks.filter((c) => c.status !== 'pass').map((c) => c.message).join(' | ')}`
          }
          // A verdict that hangs on timing under load (lesson 16's starter splits characters across
          // chunks only when the pieces arrive apart) may differ once; a real difference persists.
          const first = await compare()
          const disagreement = first && (await compare())
          if (disagreement) disagreements.push(disagreement)
        } finally {
          rmSync(learner, { recursive: true, force: true })
        }
      })
    } finally {
      for (const one of all) one.remove()
    }
    expect(disagreements).toEqual([])
    expect(all.length).toBeGreaterThanOrEqual(lessons.length * 2)
  }, 900_000)
})
