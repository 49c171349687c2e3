/**
 * Proves the curriculum like code: for every lesson the reference solution passes every check,
 * the starter fails at least one, and every mistake fixture fails with its own diagnosis.
 */
import { availableParallelism } from 'node:os'
import { findEntryFile } from '../curriculum/entry-file.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { checkLesson } from '../runner/check-lesson.ts'
import type { LessonResult } from '../runner/results.ts'
import { listMistakeFixtures, materialize, type MistakeFixture } from './mistake-fixtures.ts'
import { inPool } from './pool.ts'

export type Verdict = { ok: boolean; summary: string; durationMs: number }
export type LessonVerdict = { lesson: Lesson; solution: Verdict; starter: Verdict; mistakes: (Verdict & { name: string })[] }

const WEIGHT: Record<Job['kind'], number> = { mistake: 0, starter: 1, solution: 2 }

/** Runs mostly wait (on deadlines, slow routes, timers), so several per core keep the cores busy. */
export const defaultJobs = () => Math.min(16, availableParallelism() * 4)

type Job = { lesson: Lesson; kind: 'solution' | 'starter' | 'mistake'; dir: string; name: string; fixture?: MistakeFixture }

export async function verifyCurriculum(lessons: Lesson[], options: { seed: number; jobs?: number }): Promise<LessonVerdict[]> {
  const jobs: Job[] = lessons.flatMap((lesson) => [
    { lesson, kind: 'solution' as const, dir: lesson.solutionDir, name: 'solution' },
    { lesson, kind: 'starter' as const, dir: lesson.exerciseDir, name: 'starter' },
    ...listMistakeFixtures(lesson.id).map((fixture) => ({ lesson, kind: 'mistake' as const, dir: fixture.dir, name: fixture.name, fixture })),
  ])
  // Wrong programs wait out deadlines and take longest: start them first so none is left for last.
  const order = [...jobs.keys()].sort((a, b) => WEIGHT[jobs[a]!.kind] - WEIGHT[jobs[b]!.kind])
  const ordered = await inPool(order, options.jobs ?? defaultJobs(), async (index) => judge(jobs[index]!, options.seed))
  const verdicts: Verdict[] = []
  order.forEach((jobIndex, i) => (verdicts[jobIndex] = ordered[i]!))
  return lessons.map((lesson) => {
    const mine = jobs.flatMap((job, i) => (job.lesson === lesson ? [{ job, verdict: verdicts[i]! }] : []))
    const of = (kind: Job['kind']) => mine.filter((entry) => entry.job.kind === kind)
    return {
      lesson,
      solution: of('solution')[0]!.verdict,
      starter: of('starter')[0]!.verdict,
      mistakes: of('mistake').map((entry) => ({ ...entry.verdict, name: entry.job.name })),
    }
  })
}

async function judge(job: Job, seed: number): Promise<Verdict> {
  const started = performance.now()
  const folder = job.fixture ? materialize(job.fixture, job.lesson.solutionDir) : { dir: job.dir, remove: () => {} }
  try {
    const verdict = await verdictOf({ ...job, dir: folder.dir }, seed)
    return { ...verdict, durationMs: Math.round(performance.now() - started) }
  } finally {
    folder.remove()
  }
}

async function verdictOf(job: Job, seed: number): Promise<Omit<Verdict, 'durationMs'>> {
  const entry = findEntryFile(job.dir, job.lesson.entry)
  if (!entry) return { ok: false, summary: `no ${job.lesson.entry} in ${job.dir}` }
  let result: LessonResult
  try {
    result = await checkLesson(job.lesson, entry, { seed })
  } catch (error) {
    return { ok: false, summary: `could not run: ${(error as Error).message}` }
  }
  const failed = result.checks.filter((check) => check.status === 'fail' || check.status === 'error')
  const score = `${result.score}/${result.maxScore}`
  if (job.kind === 'solution') {
    return failed.length === 0 ? { ok: true, summary: `passes ${score}` } : { ok: false, summary: `fails ${failed.map((c) => `${c.id} (${c.message})`).join('; ')}` }
  }
  if (job.kind === 'starter') {
    return failed.length > 0 ? { ok: true, summary: `fails ${failed.length} check(s)` } : { ok: false, summary: 'passes every check: the starter gives the answer away' }
  }
  const diagnosed = failed.find((check) => check.diagnosis === job.fixture!.code)
  if (diagnosed) return { ok: true, summary: `${job.fixture!.code} on ${diagnosed.id}` }
  const seen = [...new Set(failed.map((check) => check.diagnosis ?? 'none'))].join(', ')
  return { ok: false, summary: failed.length ? `expected ${job.fixture!.code}, diagnosed ${seen}` : `expected ${job.fixture!.code}, but every check passed` }
}
