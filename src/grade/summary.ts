/** Points per learner and lesson, and the diagnoses most seen: what every report is built from. */
import type { Lesson } from '../curriculum/lessons.ts'
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import type { LessonResult } from '../runner/results.ts'
import type { GradedLesson } from './grade-one.ts'

export type LearnerRow = { learner: string; results: Map<number, LessonResult>; score: number; maxScore: number }

export type ClassSummary = {
  lessons: Pick<Lesson, 'number' | 'id' | 'title'>[]
  rows: LearnerRow[]
  /** Each diagnosis with how many learners got it and in which lessons, most seen first. */
  diagnoses: { code: DiagnosisCode; learners: number; lessons: number[] }[]
}

export function summarize(graded: GradedLesson[], lessons: Pick<Lesson, 'number' | 'id' | 'title'>[]): ClassSummary {
  const rows = new Map<string, LearnerRow>()
  const seen = new Map<DiagnosisCode, { learners: Set<string>; lessons: Set<number> }>()
  for (const { learner, result } of graded) {
    const row = rows.get(learner) ?? { learner, results: new Map(), score: 0, maxScore: 0 }
    row.results.set(result.lesson, result)
    row.score += result.score
    row.maxScore += result.maxScore
    rows.set(learner, row)
    for (const check of result.checks) {
      if (!check.diagnosis || check.status === 'pass') continue
      const entry = seen.get(check.diagnosis) ?? { learners: new Set(), lessons: new Set() }
      entry.learners.add(learner)
      entry.lessons.add(result.lesson)
      seen.set(check.diagnosis, entry)
    }
  }
  const diagnoses = [...seen]
    .map(([code, entry]) => ({ code, learners: entry.learners.size, lessons: [...entry.lessons].sort((a, b) => a - b) }))
    .sort((a, b) => b.learners - a.learners || a.code.localeCompare(b.code))
  return { lessons, rows: [...rows.values()], diagnoses }
}
