/**
 * grades.csv: a row per learner, a column per lesson and the total, for a gradebook import.
 * RFC 4180 quoting; a cell that a spreadsheet would run as a formula is defused with a quote.
 */
import type { ClassSummary } from './summary.ts'

export function toCsv(summary: ClassSummary): string {
  const header = ['learner', ...summary.lessons.map((lesson) => lesson.id), 'total', 'max']
  const rows = summary.rows.map((row) => [
    row.learner,
    ...summary.lessons.map((lesson) => {
      const result = row.results.get(lesson.number)
      return result ? String(result.score) : ''
    }),
    String(row.score),
    String(row.maxScore),
  ])
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n']/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe
}
