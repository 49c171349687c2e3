/**
 * grades.csv: a row per learner, a column per lesson and the total, for a gradebook import. The
 * first row after the header gives each column's maximum. UTF-8 with a byte order mark, so a
 * spreadsheet (Excel) reads names such as "Zoë" right. RFC 4180 quoting; a cell that a
 * spreadsheet would run as a formula is defused with a quote.
 */
import type { ClassSummary } from './summary.ts'

/** The label of the row of maxima, as gradebooks (Canvas) name it. */
export const MAXIMUM_ROW = 'Points Possible'

export function toCsv(summary: ClassSummary): string {
  const header = ['learner', ...summary.lessons.map((lesson) => lesson.id), 'total', 'max']
  const maxTotal = summary.lessons.reduce((sum, lesson) => sum + (summary.lessonMax.get(lesson.number) ?? 0), 0)
  const maxima = [MAXIMUM_ROW, ...summary.lessons.map((lesson) => String(summary.lessonMax.get(lesson.number) ?? '')), String(maxTotal), String(maxTotal)]
  const rows = summary.rows.map((row) => [
    row.learner,
    ...summary.lessons.map((lesson) => {
      const result = row.results.get(lesson.number)
      return result ? String(result.score) : ''
    }),
    String(row.score),
    String(row.maxScore),
  ])
  return '\uFEFF' + [header, maxima, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n']/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe
}
