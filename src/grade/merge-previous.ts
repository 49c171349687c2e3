/**
 * `--learner NAME` regrades one learner: the other learners' results come from the previous
 * run's results.json in the output folder, so the four files still cover the whole class.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LessonResult } from '../runner/results.ts'
import type { GradedLesson } from './grade-one.ts'

export function readPrevious(outDir: string): GradedLesson[] {
  const file = join(outDir, 'results.json')
  if (!existsSync(file)) return []
  try {
    const rows = JSON.parse(readFileSync(file, 'utf8')) as unknown
    if (!Array.isArray(rows)) return []
    return rows
      .filter((row): row is { learner: string; missing?: unknown; isolation?: unknown } & LessonResult => typeof row === 'object' && row !== null && typeof row.learner === 'string' && Array.isArray(row.checks))
      .map(({ learner, missing, isolation, ...result }) => ({ learner, result, ...(typeof missing === 'string' ? { missing } : {}), ...(isolation === 'os-sandbox' || isolation === 'permission-model' || isolation === 'none' ? { isolation } : {}) }))
  } catch {
    return [] // an unreadable previous run is simply not merged
  }
}

/** Fresh results replace the previous ones of the same learner × lesson; sorted by learner, then lesson. */
export function mergeResults(previous: GradedLesson[], fresh: GradedLesson[]): GradedLesson[] {
  const key = ({ learner, result }: GradedLesson) => `${learner}\u0000${result.lesson}`
  const merged = new Map(previous.map((graded) => [key(graded), graded]))
  for (const graded of fresh) merged.set(key(graded), graded)
  return [...merged.values()].sort((a, b) => a.learner.localeCompare(b.learner) || a.result.lesson - b.result.lesson)
}
