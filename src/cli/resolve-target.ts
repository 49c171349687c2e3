/** Which file to grade for a lesson: the learner's exercise, the reference solution, or `--file`. */
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { entryCandidates, findEntryFile } from '../curriculum/entry-file.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { UsageError } from '../errors.ts'

export function resolveTarget(lesson: Pick<Lesson, 'solutionDir' | 'exerciseDir' | 'entry'>, options: { file?: string | undefined; solution?: boolean | undefined }): string {
  const given = options.file ? resolve(options.file) : options.solution ? lesson.solutionDir : lesson.exerciseDir
  if (!existsSync(given)) throw new UsageError(`${given} does not exist.`)
  if (statSync(given).isFile()) return given
  const entry = findEntryFile(given, lesson.entry)
  if (!entry) throw new UsageError(`No ${entryCandidates(lesson.entry).join(' / ')} in ${given}.`)
  return entry
}
