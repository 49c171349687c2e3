/** Puts the starter back in the learner's folder; their file is moved to `.workbook/backups/` first. */
import { copyFileSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { findEntryFile } from '../curriculum/entry-file.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { progressPath } from './progress.ts'
import { readStarter } from './starter.ts'

export type ResetOutcome = { state: 'reset'; file: string; backup: string | null } | { state: 'unchanged'; file: string } | { state: 'no-starter'; why: string }

export function backupDir(lesson: Lesson): string {
  return join(dirname(progressPath()), 'backups', lesson.id)
}

export function resetExercise(lesson: Lesson, dir: string, now = new Date()): ResetOutcome {
  const starter = readStarter(lesson)
  if (!starter.found) return { state: 'no-starter', why: starter.why }
  const target = join(dir, starter.name)
  const current = findEntryFile(dir, lesson.entry)
  let backup: string | null = null
  if (current) {
    if (current === target && readFileSync(current, 'utf8') === starter.text) return { state: 'unchanged', file: target }
    const stamp = now.toISOString().replace(/[:.]/g, '-')
    mkdirSync(backupDir(lesson), { recursive: true })
    backup = join(backupDir(lesson), `${basename(current, extname(current))}-${stamp}${extname(current)}`)
    copyFileSync(current, backup)
    if (current !== target) unlinkSync(current) // server.js replaced by the starter's server.ts
  }
  mkdirSync(dir, { recursive: true })
  writeFileSync(target, starter.text)
  return { state: 'reset', file: target, backup: backup && existsSync(backup) ? backup : null }
}
