/**
 * A synthetic class for the grading benchmark: every learner holds every lesson, three in four
 * lessons from the reference solution (passing) and the rest from the starter (failing, which is
 * slower: failed checks wait out their deadlines).
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadLessons } from '../src/curriculum/lessons.ts'

export function syntheticClass(learners: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'workbook-class-'))
  const lessons = loadLessons()
  for (let k = 1; k <= learners; k++) {
    const home = join(dir, `learner-${String(k).padStart(2, '0')}`, 'exercises')
    mkdirSync(home, { recursive: true })
    lessons.forEach((lesson, i) => {
      const from = (k + i) % 4 === 0 ? lesson.exerciseDir : lesson.solutionDir
      cpSync(from, join(home, lesson.id), { recursive: true })
    })
  }
  return dir
}
