/** Each learner's own order of a quiz question's choices: the terminal menu and the web page show the same. */
import type { QuizQuestion } from '../curriculum/lessons.ts'
import { createRandom } from '../dsl/random.ts'

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
