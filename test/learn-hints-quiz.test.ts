// Proves the learner-facing text of hints (one at a time, then all again) and quiz answers
// (right, or wrong with the right answer, always with the explanation).
import { expect, test, vi } from 'vitest'
import type { Lesson } from '../src/curriculum/lessons.ts'
import { hintMenuTitle, hintsToShow } from '../src/learn/hints.ts'
import { formatAnswer, formatScore } from '../src/learn/quiz.ts'

// Before the imports above run (vi.hoisted is lifted above them): ui decides on colour at import.
vi.hoisted(() => {
  process.env.NO_COLOR = '1'
})
const lesson = { hints: ['Look at req.url.', 'Compare it with "/".', 'Call res.end("Hello").'] } as Lesson

test('hints come one at a time, then all of them again', () => {
  expect(hintMenuTitle(lesson, 0)).toBe('Next hint (0 of 3 seen)')
  expect(hintsToShow(lesson, 0)).toEqual({ lines: 'Hint 1 of 3: Look at req.url.', shownNow: 1 })
  expect(hintsToShow(lesson, 2)).toEqual({ lines: 'Hint 3 of 3: Call res.end("Hello").', shownNow: 3 })
  expect(hintMenuTitle(lesson, 3)).toBe('Hints again (all 3 seen)')
  expect(hintsToShow(lesson, 3).lines.split('\n\n')).toHaveLength(3)
})

test('a quiz answer says right or wrong, with the explanation', () => {
  const question = { question: 'Which ends a response?', choices: ['res.write()', 'res.end()'], answer: 1, explanation: 'end() finishes it.' }
  expect(formatAnswer(question, 1)).toEqual({ right: true, text: '✔ Right.\nend() finishes it.' })
  expect(formatAnswer(question, 0)).toEqual({ right: false, text: '✖ Not quite. The answer is: res.end()\nend() finishes it.' })
  expect(formatScore(3, 3)).toBe('Quiz done: 3 of 3 right.')
})
