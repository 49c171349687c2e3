/** The lesson's quiz: one question at a time, its choices shuffled, right or wrong with the explanation. */
import type { QuizQuestion } from '../curriculum/lessons.ts'
import { createRandom } from '../dsl/random.ts'
import { ui } from '../report/ui.ts'
import { renderMarkdown } from './render-markdown.ts'

/**
 * The choices in the order this learner sees them, each with its index in the lesson (which
 * `formatAnswer` takes). Shuffled, so that the position of the right answer in the source tells
 * nothing; seeded by `key` (the learner's salt, the lesson and the question), so that one
 * learner sees the same order every time.
 */
export function shownChoices(question: QuizQuestion, key: string): { title: string; value: string }[] {
  const random = createRandom(hash(key))
  const order = question.choices.map((_, index) => index)
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order.map((index) => ({ title: String(question.choices[index]), value: String(index) }))
}

/** FNV-1a: a string to 32 bits, the same everywhere. */
function hash(text: string): number {
  let value = 0x811c9dc5
  for (const byte of Buffer.from(text, 'utf8')) value = Math.imul(value ^ byte, 0x01000193) >>> 0
  return value
}

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
