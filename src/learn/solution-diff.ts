/** The reference solution shown as a diff against the learner's file: what to remove, what to add. */
import { existsSync, readFileSync } from 'node:fs'
import { findEntryFile } from '../curriculum/entry-file.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'
import { diffHunks, diffLines } from './line-diff.ts'
import { shown } from './session.ts'

export function formatSolutionDiff(lesson: Lesson, learnerFile: string): string {
  const solutionFile = findEntryFile(lesson.solutionDir, lesson.entry)
  if (!solutionFile) return ui.fail(`This lesson has no reference solution yet (${shown(lesson.solutionDir)}).`)
  const solution = readFileSync(solutionFile, 'utf8')
  const mine = existsSync(learnerFile) ? readFileSync(learnerFile, 'utf8') : ''
  const lines = diffLines(mine, solution)
  const header = [ui.bold(`Solution: ${shown(solutionFile)}`), ui.dim(`${ui.fail('-')} your ${shown(learnerFile)}   ${ui.pass('+')} the solution`), '']
  if (lines.every((line) => line.kind === 'same')) return [...header, ui.pass('Your file is the same as the solution.')].join('\n')
  const body = diffHunks(lines).map(({ kind, text }) => {
    if (kind === 'removed') return ui.fail(`- ${text}`)
    if (kind === 'added') return ui.pass(`+ ${text}`)
    if (kind === 'gap') return ui.dim('  …')
    return ui.dim(`  ${text}`)
  })
  return [...header, ...body].join('\n')
}
