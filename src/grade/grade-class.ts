/** Grades every learner × lesson in a pool; returns the results in learner, then lesson order. */
import type { Lesson } from '../curriculum/lessons.ts'
import { inPool } from '../pool.ts'
import type { Learner } from './find-learners.ts'
import { gradeOne, type GradedLesson } from './grade-one.ts'
import type { Limits } from './sandbox.ts'
import type { InForce } from './os-sandbox.ts'

export type ClassRun = {
  learners: Learner[]
  lessons: Lesson[]
  seed: number
  jobs: number
  limits: Limits
  tempRoot?: string
  inForce?: InForce
  /** Called as each learner × lesson finishes. */
  onGraded?: (graded: GradedLesson, done: number, total: number) => void
}

export async function gradeClass(run: ClassRun): Promise<GradedLesson[]> {
  const work = run.learners.flatMap((learner) => run.lessons.map((lesson) => ({ learner, lesson })))
  let done = 0
  return inPool(work, run.jobs, async ({ learner, lesson }) => {
    const graded = await gradeOne(learner, lesson, { seed: run.seed, limits: run.limits, ...(run.tempRoot ? { tempRoot: run.tempRoot } : {}), ...(run.inForce ? { inForce: run.inForce } : {}) })
    run.onGraded?.(graded, ++done, work.length)
    return graded
  })
}
