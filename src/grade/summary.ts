/** Points per learner and lesson, the diagnoses most seen, the checks most failed: what every report is built from. */
import type { Lesson } from '../curriculum/lessons.ts'
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import type { LessonResult } from '../runner/results.ts'
import type { GradedLesson } from './grade-one.ts'

export type LearnerRow = {
  learner: string
  results: Map<number, LessonResult>
  /** Lessons not handed in (no folder, no entry file, a link), with the reason. */
  missing: Map<number, string>
  score: number
  maxScore: number
}

export type ClassSummary = {
  lessons: Pick<Lesson, 'number' | 'id' | 'title'>[]
  /** The most points each lesson gives (the same for every learner graded on it). */
  lessonMax: Map<number, number>
  rows: LearnerRow[]
  /** Each diagnosis with the learners who got it and in which lessons, most seen first. */
  diagnoses: { code: DiagnosisCode; learners: number; names: string[]; lessons: number[] }[]
  /**
   * Each check failed by a learner who handed the lesson in, with the diagnoses made on it (none
   * for a plain wrong answer), most failed first.
   */
  failedChecks: { lesson: number; id: string; title: string; learners: number; names: string[]; diagnoses: DiagnosisCode[] }[]
}

export function summarize(graded: GradedLesson[], lessons: Pick<Lesson, 'number' | 'id' | 'title'>[]): ClassSummary {
  const rows = new Map<string, LearnerRow>()
  const lessonMax = new Map<number, number>()
  const seen = new Map<DiagnosisCode, { learners: Set<string>; lessons: Set<number> }>()
  const failed = new Map<string, { lesson: number; id: string; title: string; learners: Set<string>; diagnoses: Set<DiagnosisCode> }>()
  for (const { learner, result, missing } of graded) {
    const row = rows.get(learner) ?? { learner, results: new Map(), missing: new Map(), score: 0, maxScore: 0 }
    row.results.set(result.lesson, result)
    if (missing) row.missing.set(result.lesson, missing)
    row.score += result.score
    row.maxScore += result.maxScore
    rows.set(learner, row)
    lessonMax.set(result.lesson, Math.max(lessonMax.get(result.lesson) ?? 0, result.maxScore))
    if (missing) continue // not an attempt: its checks say nothing about the class's mistakes
    for (const check of result.checks) {
      if (check.status !== 'fail' && check.status !== 'error') continue
      const key = `${result.lesson}\u0000${check.id}`
      const entry = failed.get(key) ?? { lesson: result.lesson, id: check.id, title: check.title, learners: new Set(), diagnoses: new Set() }
      entry.learners.add(learner)
      if (check.diagnosis) entry.diagnoses.add(check.diagnosis)
      failed.set(key, entry)
      if (!check.diagnosis) continue
      const diagnosis = seen.get(check.diagnosis) ?? { learners: new Set(), lessons: new Set() }
      diagnosis.learners.add(learner)
      diagnosis.lessons.add(result.lesson)
      seen.set(check.diagnosis, diagnosis)
    }
  }
  const sortedNames = (names: Set<string>) => [...names].sort((a, b) => a.localeCompare(b))
  const diagnoses = [...seen]
    .map(([code, entry]) => ({ code, learners: entry.learners.size, names: sortedNames(entry.learners), lessons: [...entry.lessons].sort((a, b) => a - b) }))
    .sort((a, b) => b.learners - a.learners || a.code.localeCompare(b.code))
  const failedChecks = [...failed.values()]
    .map((entry) => ({ lesson: entry.lesson, id: entry.id, title: entry.title, learners: entry.learners.size, names: sortedNames(entry.learners), diagnoses: [...entry.diagnoses].sort() }))
    .sort((a, b) => b.learners - a.learners || a.lesson - b.lesson || a.id.localeCompare(b.id))
  return { lessons, lessonMax, rows: [...rows.values()], diagnoses, failedChecks }
}
