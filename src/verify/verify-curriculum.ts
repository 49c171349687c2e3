/**
 * Proves the curriculum like code: for every lesson the reference solution passes every check,
 * the starter fails at least one, every mistake fixture fails with its own diagnosis (or, for a
 * wrong answer, fails the checks it lists), and every check is failed by the starter or some
 * fixture: a check no wrong program fails has not been shown able to fail.
 */
import { availableParallelism } from 'node:os'
import { findEntryFile } from '../curriculum/entry-file.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { checkLesson, loadChecks } from '../runner/check-lesson.ts'
import { checksToRun } from '../runner/checks-to-run.ts'
import type { LessonResult } from '../runner/results.ts'
import { listMistakeFixtures, materialize, type MistakeFixture } from './mistake-fixtures.ts'
import { inPool } from '../pool.ts'

export type Verdict = { ok: boolean; summary: string; durationMs: number; failedChecks: string[] }
export type LessonVerdict = {
  lesson: Lesson
  solution: Verdict
  starter: Verdict
  mistakes: (Verdict & { name: string })[]
  /** Checks that neither the starter nor any fixture fails. */
  neverFailed: string[]
  checkCount: number
}


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
  return Promise.all(
    lessons.map(async (lesson) => {
      const mine = jobs.flatMap((job, i) => (job.lesson === lesson ? [{ job, verdict: verdicts[i]! }] : []))
      const of = (kind: Job['kind']) => mine.filter((entry) => entry.job.kind === kind)
      const failedSomewhere = new Set([...of('starter'), ...of('mistake')].flatMap((entry) => entry.verdict.failedChecks))
      // The lesson's own checks: the runner's event-loop check is proven able to fail by the runner's tests.
      const ids = checksToRun(await loadChecks(lesson)).filter((check) => check.from === 'lesson').map((check) => check.id)
      return {
        lesson,
        solution: of('solution')[0]!.verdict,
        starter: of('starter')[0]!.verdict,
        mistakes: of('mistake').map((entry) => ({ ...entry.verdict, name: entry.job.name })),
        neverFailed: ids.filter((id) => !failedSomewhere.has(id)),
        checkCount: ids.length,
      }
    }),
  )
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
  if (!entry) return { ok: false, summary: `no ${job.lesson.entry} in ${job.dir}`, failedChecks: [] }
  let result: LessonResult
  try {
    result = await checkLesson(job.lesson, entry, { seed })
  } catch (error) {
    return { ok: false, summary: `could not run: ${(error as Error).message}`, failedChecks: [] }
  }
  const failed = result.checks.filter((check) => check.status === 'fail' || check.status === 'error')
  const failedChecks = result.checks.filter((check) => check.status === 'fail').map((check) => check.id)
  const verdict = (ok: boolean, summary: string) => ({ ok, summary, failedChecks })
  if (job.kind === 'solution') {
    return failed.length === 0 ? verdict(true, `passes ${result.score}/${result.maxScore}`) : verdict(false, `fails ${failed.map((c) => `${c.id} (${c.message})`).join('; ')}`)
  }
  if (job.kind === 'starter') {
    return failed.length > 0 ? verdict(true, `fails ${failed.length} check(s)`) : verdict(false, 'passes every check: the starter gives the answer away')
  }
  const { code, mustFail } = job.fixture!
  const missed = mustFail.filter((id) => !failedChecks.includes(id))
  if (missed.length) return verdict(false, `expected ${missed.join(', ')} to fail, but ${missed.length === 1 ? 'it' : 'they'} passed`)
  if (code === null) return verdict(true, `fails ${mustFail.join(', ')}`)
  const diagnosed = failed.find((check) => check.diagnosis === code)
  if (diagnosed) return verdict(true, `${code} on ${diagnosed.id}`)
  const seen = [...new Set(failed.map((check) => check.diagnosis ?? 'none'))].join(', ')
  return verdict(false, failed.length ? `expected ${code}, diagnosed ${seen}` : `expected ${code}, but every check passed`)
}
