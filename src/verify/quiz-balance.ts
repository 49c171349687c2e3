/**
 * Whether a quiz can be passed by a pattern instead of knowledge. Across all lessons, no answer
 * position may hold over 40 % of the right answers, and the right choice may be the strictly
 * longest one in no more than 40 % of the questions; within one lesson, the right choice may be
 * the strictly longest one at most once. (The learner's menu also shuffles the choices; these
 * rules keep the source itself honest, for anyone who reads the Markdown.)
 */
import type { TextProblem } from './text-problem.ts'

export const BALANCE_LIMIT = 0.4
export const LONGEST_PER_LESSON = 1

export type QuizLike = { choices: string[]; answer: number }
export type QuizSpread = {
  questions: number
  /** How many right answers sit at each position: [at 0, at 1, …]. */
  byPosition: number[]
  /** How many questions have the right choice as the strictly longest one. */
  longestRight: number
}

/** The right choice is longer than every other choice. */
export function rightIsLongest({ choices, answer }: QuizLike): boolean {
  // String(): a choice YAML read as something else still has a length the learner sees.
  const length = (choice: unknown) => String(choice).trim().length
  const right = choices[answer]
  return right !== undefined && choices.every((choice, index) => index === answer || length(choice) < length(right))
}

export function quizSpread(questions: QuizLike[]): QuizSpread {
  const byPosition: number[] = Array.from({ length: Math.max(0, ...questions.map((q) => q.choices.length)) }, () => 0)
  for (const { answer } of questions) byPosition[answer] = (byPosition[answer] ?? 0) + 1
  return {
    questions: questions.length,
    byPosition,
    longestRight: questions.filter(rightIsLongest).length,
  }
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`

/** The 40 % rules, over every lesson's quiz together. `where` names what was counted. */
export function curriculumBalanceProblems(questions: QuizLike[], where: string): TextProblem[] {
  const spread = quizSpread(questions.filter((q) => Number.isInteger(q.answer) && Array.isArray(q.choices)))
  const { questions: total, byPosition, longestRight } = spread
  if (total === 0) return []
  const problems: TextProblem[] = []
  byPosition.forEach((count, position) => {
    if (count / total > BALANCE_LIMIT) {
      problems.push({
        file: where,
        field: 'quiz',
        message: `quiz: ${count} of ${total} right answers (${percent(count, total)}) are at position ${position} (answer: ${position}); no position may hold over ${percent(BALANCE_LIMIT, 1)} (answers at 0 / 1 / 2 / …: ${byPosition.join(' / ')})`,
      })
    }
  })
  if (longestRight / total > BALANCE_LIMIT) {
    problems.push({
      file: where,
      field: 'quiz',
      message: `quiz: the right choice is the strictly longest one in ${longestRight} of ${total} questions (${percent(longestRight, total)}); at most ${percent(BALANCE_LIMIT, 1)}`,
    })
  }
  return problems
}

/** Within one lesson: the right choice is the strictly longest one at most once. */
export function lessonBalanceProblems(questions: QuizLike[], file: string): TextProblem[] {
  const longest = questions.flatMap((question, index) => (Array.isArray(question.choices) && rightIsLongest(question) ? [`quiz[${index}]`] : []))
  if (longest.length <= LONGEST_PER_LESSON) return []
  return [
    {
      file,
      field: 'quiz',
      message: `quiz: the right choice is the strictly longest one in ${longest.length} questions (${longest.join(', ')}); at most ${LONGEST_PER_LESSON} per lesson, or length gives the answer away`,
    },
  ]
}
