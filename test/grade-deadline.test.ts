// Proves the per-lesson deadline: a program that spins forever is stopped when the lesson's time
// is up, graded zero with the reason, and neither its processes nor its sandbox outlive it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { gradeOne } from '../src/grade/grade-one.ts'
import { DEFAULT_LIMITS, SANDBOX_PREFIX } from '../src/grade/sandbox.ts'

const ROOT = join(import.meta.dirname, '..')
const temp = mkdtempSync(join(tmpdir(), 'grade-deadline-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('the per-lesson deadline', () => {
  it('stops a spinning program at the deadline and leaves nothing behind', async () => {
    const lesson = findLesson(loadLessons(), '3')
    const started = Date.now()
    const { result } = await gradeOne({ name: 'spinner', dir: join(ROOT, 'test/fixtures/class/hostile/spinner') }, lesson, {
      seed: 1,
      limits: { ...DEFAULT_LIMITS, lessonTimeoutMs: 3000 },
      tempRoot: temp,
    })
    expect(Date.now() - started).toBeLessThan(8000)
    expect(result.score).toBe(0)
    expect(result.checks[0]!.message).toBe('grading stopped after 3 s (the lesson\'s time limit)')
    const until = Date.now() + 5000
    const left = () => ({
      processes: execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(temp)),
      folders: readdirSync(temp).filter((name) => name.startsWith(SANDBOX_PREFIX)),
    })
    while (Date.now() < until && (left().processes.length || left().folders.length)) await new Promise((r) => setTimeout(r, 100))
    expect(left()).toEqual({ processes: [], folders: [] })
  }, 30_000)
})
