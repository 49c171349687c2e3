/** `--lessons 3-9,11`: which lessons to grade, as lesson numbers in order. */
import type { Lesson } from '../curriculum/lessons.ts'
import { UsageError } from '../errors.ts'

export function parseLessonNumbers(spec: string): number[] {
  const numbers = new Set<number>()
  for (const part of spec.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (!match) throw new UsageError(`--lessons takes numbers and ranges such as 3-9,11; "${part}" is neither.`)
    const from = Number(match[1])
    const to = match[2] === undefined ? from : Number(match[2])
    if (to < from) throw new UsageError(`--lessons: the range "${part}" runs backwards.`)
    for (let n = from; n <= to; n++) numbers.add(n)
  }
  if (!numbers.size) throw new UsageError('--lessons names no lesson.')
  return [...numbers].sort((a, b) => a - b)
}

/** The lessons a spec picks out of those that exist; an error if it names one that does not exist. */
export function selectLessons(all: Lesson[], spec: string | undefined): Lesson[] {
  if (spec === undefined) return all
  const wanted = new Set(parseLessonNumbers(spec))
  const picked = all.filter((lesson) => wanted.has(lesson.number))
  const unknown = [...wanted].filter((number) => !all.some((lesson) => lesson.number === number))
  if (unknown.length) {
    const have = all.map((lesson) => lesson.number).join(', ') || 'none'
    throw new UsageError(`--lessons ${spec}: there is no lesson ${unknown.join(', ')}; the workbook has lessons ${have}.`)
  }
  return picked
}
