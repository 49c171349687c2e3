/**
 * What the page's buttons do, as data: the next hint, a quiz answer, the solution as a diff.
 * Each is the terminal menu's action on the same progress file, so the two always agree.
 */
import { existsSync, readFileSync } from 'node:fs'
import { findEntryFile } from '../curriculum/entry-file.ts'
import { diffHunks, diffLines } from '../learn/line-diff.ts'
import { lessonProgress, loadProgress, updateLesson } from '../learn/progress.ts'
import { entryFile, shown, type Session } from '../learn/session.ts'
import { hintButton, hintItem } from './page.ts'
import { inlineHtml } from './lesson-html.ts'

export function nextHint(session: Session): { html: string; seen: number; total: number; button: string } | null {
  const { hints, id } = session.lesson
  const before = lessonProgress(loadProgress(), id).hintsShown
  if (before >= hints.length) return null
  const seen = updateLesson(id, { hintsShown: before + 1, started: true }).hintsShown
  return { html: hintItem(hints[before]!, before, hints.length), seen, total: hints.length, button: hintButton(seen, hints.length) }
}

export type QuizAnswer = { right: boolean; answer: string; explanation: string; last: boolean }

/** `question` and `choice` are indexes in the lesson's quiz (the page shows the choices shuffled). */
export function answerQuiz(session: Session, question: unknown, choice: unknown): QuizAnswer | null {
  const { quiz, id } = session.lesson
  if (!Number.isInteger(question) || !Number.isInteger(choice)) return null
  const asked = quiz[question as number]
  if (!asked || (choice as number) < 0 || (choice as number) >= asked.choices.length) return null
  const last = question === quiz.length - 1
  updateLesson(id, { started: true, ...(last ? { quizDone: true } : {}) })
  return { right: choice === asked.answer, answer: inlineHtml(asked.choices[asked.answer] ?? '?'), explanation: inlineHtml(asked.explanation), last }
}

export type SolutionDiff =
  | { state: 'spoiler' }
  | { state: 'none'; message: string }
  | { state: 'diff'; solution: string; mine: string; same: boolean; lines: Array<{ kind: 'same' | 'removed' | 'added' | 'gap'; text: string }> }

/** The reference solution against the learner's file; before a pass only when asked twice (`spoil`). */
export function solutionDiff(session: Session, spoil: boolean): SolutionDiff {
  const { lesson } = session
  if (!lessonProgress(loadProgress(), lesson.id).passed && !spoil) return { state: 'spoiler' }
  const solutionFile = findEntryFile(lesson.solutionDir, lesson.entry)
  if (!solutionFile) return { state: 'none', message: `This lesson has no reference solution yet (${shown(lesson.solutionDir)}).` }
  const learnerFile = entryFile(session).file
  const mine = existsSync(learnerFile) ? readFileSync(learnerFile, 'utf8') : ''
  const lines = diffLines(mine, readFileSync(solutionFile, 'utf8'))
  return { state: 'diff', solution: shown(solutionFile), mine: shown(learnerFile), same: lines.every((line) => line.kind === 'same'), lines: diffHunks(lines) }
}
