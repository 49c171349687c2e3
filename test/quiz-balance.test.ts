// Proves no lesson's quiz can be passed by a pattern: over every lesson's quiz, no answer position
// holds over 40 % of the right answers, and the right choice is the strictly longest one in no
// more than 40 % of the questions. `npm run verify` applies the same rules (src/verify/quiz-balance.ts).
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { BALANCE_LIMIT, curriculumBalanceProblems, lessonBalanceProblems, quizSpread, rightIsLongest } from '../src/verify/quiz-balance.ts'

const q = (answer: number, choices = ['aa', 'bb', 'cc', 'dd']) => ({ answer, choices })

describe('the balance rules', () => {
  it('count the right answers per position and the strictly longest right choices', () => {
    expect(rightIsLongest(q(1, ['a', 'bbb', 'cc']))).toBe(true)
    expect(rightIsLongest(q(1, ['aaa', 'bbb', 'cc']))).toBe(false) // a tie is not "strictly"
    expect(quizSpread([q(0), q(1), q(1), q(3, ['a', 'b', 'c', 'dddd'])])).toEqual({ questions: 4, byPosition: [1, 2, 0, 1], longestRight: 1 })
  })

  it('allow 40 % at one position, not more', () => {
    const even = [q(0), q(1), q(2), q(3), q(0)] // 2 of 5 at position 0: 40 %
    expect(curriculumBalanceProblems(even, 'lessons/')).toEqual([])
    const skewed = [q(1), q(1), q(1), q(0), q(2)]
    expect(curriculumBalanceProblems(skewed, 'lessons/').map((p) => p.message)).toEqual([
      'quiz: 3 of 5 right answers (60 %) are at position 1 (answer: 1); no position may hold over 40 % (answers at 0 / 1 / 2 / …: 1 / 3 / 1 / 0)',
    ])
  })

  it('refuse a right choice that is the longest too often, in the curriculum and in one lesson', () => {
    const longest = (answer: number) => q(answer, ['a', 'b', 'c', 'd'].map((c, i) => (i === answer ? 'the long one' : c)))
    const questions = [longest(0), longest(1), longest(2), q(3), q(0)]
    expect(curriculumBalanceProblems(questions, 'lessons/').map((p) => p.message)).toEqual([
      'quiz: the right choice is the strictly longest one in 3 of 5 questions (60 %); at most 40 %',
    ])
    expect(lessonBalanceProblems([longest(0), q(1)], 'lessons/01-a.md')).toEqual([])
    expect(lessonBalanceProblems([longest(0), longest(1)], 'lessons/01-a.md')).toEqual([
      expect.objectContaining({ file: 'lessons/01-a.md', field: 'quiz', message: expect.stringContaining('(quiz[0], quiz[1])') }),
    ])
  })
})

describe('the lessons’ quizzes', () => {
  const questions = loadLessons().flatMap((lesson) => lesson.quiz)
  const spread = quizSpread(questions)

  it(`have no answer position holding over ${BALANCE_LIMIT * 100} % of the right answers`, () => {
    expect(questions.length).toBeGreaterThan(0)
    const worst = Math.max(...spread.byPosition)
    expect(worst / spread.questions, `right answers at positions 0, 1, 2, 3…: ${spread.byPosition.join(', ')}`).toBeLessThanOrEqual(BALANCE_LIMIT)
  })

  it(`have the right choice as the strictly longest one in no more than ${BALANCE_LIMIT * 100} % of the questions`, () => {
    expect(spread.longestRight / spread.questions, `${spread.longestRight} of ${spread.questions}`).toBeLessThanOrEqual(BALANCE_LIMIT)
  })
})
