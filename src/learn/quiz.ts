/** The lesson's quiz: one question at a time, its choices shuffled, right or wrong with the explanation. */
import type { QuizQuestion } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'
import { renderMarkdown } from './render-markdown.ts'

// The order lives apart from the terminal's wording, so the web page uses it without the terminal's renderer.
export { shownChoices } from './quiz-order.ts'

export function formatAnswer(question: QuizQuestion, chosen: number): { right: boolean; text: string } {
  const right = chosen === question.answer
  const correct = question.choices[question.answer] ?? '?'
  const verdict = right ? ui.pass('✔ Right.') : ui.fail(`✖ Not quite. The answer is: ${correct}`)
  return { right, text: `${verdict}\n${renderMarkdown(question.explanation)}` }
}

export function formatScore(right: number, total: number): string {
  const text = `Quiz done: ${right} of ${total} right.`
  return right === total ? ui.pass(text) : `${text} ${ui.dim('Take it again any time from the menu.')}`
}
