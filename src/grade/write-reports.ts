/** Writes one run's four files into the output folder; returns their paths. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toCsv } from './csv.ts'
import type { GradedLesson } from './grade-one.ts'
import { toHtml, type HtmlMeta } from './html.ts'
import { toJunit } from './junit.ts'
import { toResultsJson } from './results-json.ts'
import type { ClassSummary } from './summary.ts'

export function writeReports(outDir: string, graded: GradedLesson[], summary: ClassSummary, meta: HtmlMeta) {
  mkdirSync(outDir, { recursive: true })
  const files = {
    csv: join(outDir, 'grades.csv'),
    json: join(outDir, 'results.json'),
    junit: join(outDir, 'junit.xml'),
    html: join(outDir, 'report.html'),
  }
  writeFileSync(files.csv, toCsv(summary))
  writeFileSync(files.json, `${JSON.stringify(toResultsJson(graded), null, 2)}\n`)
  writeFileSync(files.junit, toJunit(graded))
  writeFileSync(files.html, toHtml(summary, meta))
  return files
}
