/** Hints one at a time, in order; how many were shown is remembered in the progress file. */
import type { Lesson } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'
import { renderMarkdown } from './render-markdown.ts'

/** The hints to show now: the next one, or all of them again once every hint has been seen. */
export function hintsToShow(lesson: Lesson, shownBefore: number): { lines: string; shownNow: number } {
  const total = lesson.hints.length
  if (!total) return { lines: ui.dim('This lesson has no hints.'), shownNow: 0 }
  if (shownBefore >= total) {
    return { lines: lesson.hints.map((hint, index) => formatHint(hint, index, total)).join('\n\n'), shownNow: total }
  }
  return { lines: formatHint(lesson.hints[shownBefore]!, shownBefore, total), shownNow: shownBefore + 1 }
}

export function formatHint(hint: string, index: number, total: number): string {
  return `${ui.bold(`Hint ${index + 1} of ${total}:`)} ${renderMarkdown(hint)}`
}

export function hintMenuTitle(lesson: Lesson, shownBefore: number): string {
  const total = lesson.hints.length
  if (!total) return 'Hints (none for this lesson)'
  return shownBefore >= total ? `Hints again (all ${total} seen)` : `Next hint (${shownBefore} of ${total} seen)`
}
