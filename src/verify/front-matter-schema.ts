/**
 * The lesson front matter's schema, checked field by field so each problem names its file and
 * field: `title` (text), `entry` (a file name, `server.ts` when left out), `hints` (3 or more,
 * each text), `quiz` (3 or more questions, each with `question`, 2 or more distinct `choices`,
 * `answer` the 0-based index of the right choice, and an `explanation`). Unknown keys are
 * refused: a misspelt `hint:` would otherwise vanish without a word.
 */
import type { TextProblem } from './text-problem.ts'

export const MIN_HINTS = 3
export const MIN_QUESTIONS = 3
const TOP_KEYS = ['title', 'entry', 'hints', 'quiz']
const QUESTION_KEYS = ['question', 'choices', 'answer', 'explanation']

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''
const show = (value: unknown) => {
  if (value === undefined) return 'missing'
  if (value === null) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return JSON.stringify(value)
  // `- Nothing: it is ignored` is a mapping in YAML, not the text it looks like.
  if (typeof value === 'object') return `a mapping {${Object.keys(value).map((key) => JSON.stringify(key)).join(', ')}: …} (YAML reads "text: more" as a key and a value: put the text in quotes)`
  return String(value)
}
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

export function frontMatterProblems(file: string, data: Record<string, unknown>): TextProblem[] {
  const problems: TextProblem[] = []
  const problem = (field: string, message: string) => problems.push({ file, field, message: `${field} ${message}` })

  for (const key of Object.keys(data)) if (!TOP_KEYS.includes(key)) problem(key, `is not a front matter key (known: ${TOP_KEYS.join(', ')})`)
  if (!isText(data.title)) problem('title', `must be the lesson's title as text, but it is ${show(data.title)}`)
  if ('entry' in data && !(isText(data.entry) && /^[\w.-]+\.(ts|mts|cts|js|mjs|cjs)$/.test(data.entry))) {
    problem('entry', `must be the name of the file the learner edits, such as server.ts, but it is ${show(data.entry)}`)
  }

  if (!Array.isArray(data.hints)) problem('hints', `must be a list of ${MIN_HINTS} or more hints, but it is ${show(data.hints)}`)
  else {
    if (data.hints.length < MIN_HINTS) problem('hints', `has ${plural(data.hints.length, 'hint')}; a lesson needs ${MIN_HINTS} or more (a nudge, an approach, nearly the code)`)
    data.hints.forEach((hint, index) => {
      if (!isText(hint)) problem(`hints[${index}]`, `must be text, but it is ${show(hint)}`)
    })
  }

  if (!Array.isArray(data.quiz)) problem('quiz', `must be a list of ${MIN_QUESTIONS} or more questions, but it is ${show(data.quiz)}`)
  else {
    if (data.quiz.length < MIN_QUESTIONS) problem('quiz', `has ${plural(data.quiz.length, 'question')}; a lesson needs ${MIN_QUESTIONS} or more`)
    data.quiz.forEach((item, index) => problems.push(...questionProblems(file, `quiz[${index}]`, item)))
  }
  return problems
}

function questionProblems(file: string, at: string, item: unknown): TextProblem[] {
  const problems: TextProblem[] = []
  const problem = (field: string, message: string) => problems.push({ file, field: `${at}${field}`, message: `${at}${field} ${message}` })
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problem('', `must be a question with ${QUESTION_KEYS.join(', ')}, but it is ${show(item)}`)
    return problems
  }
  const question = item as Record<string, unknown>
  for (const key of Object.keys(question)) if (!QUESTION_KEYS.includes(key)) problem(`.${key}`, `is not a question key (known: ${QUESTION_KEYS.join(', ')})`)
  if (!isText(question.question)) problem('.question', `must be the question as text, but it is ${show(question.question)}`)
  if (!isText(question.explanation)) problem('.explanation', `must say why the answer is right, but it is ${show(question.explanation)}`)

  const { choices, answer } = question
  if (!Array.isArray(choices)) {
    problem('.choices', `must be a list of 2 or more choices, but it is ${show(choices)}`)
    return problems
  }
  choices.forEach((choice, index) => {
    if (!isText(choice)) problem(`.choices[${index}]`, `must be text, but it is ${show(choice)}`)
  })
  const distinct = new Set(choices.filter(isText).map((choice) => choice.trim()))
  if (choices.length < 2) problem('.choices', `has ${plural(choices.length, 'choice')}; a question needs 2 or more`)
  else if (distinct.size < choices.filter(isText).length) problem('.choices', 'has the same choice twice')
  if (!Number.isInteger(answer)) problem('.answer', `must be the 0-based index of the right choice, but it is ${show(answer)}`)
  else if ((answer as number) < 0 || (answer as number) >= choices.length) {
    problem('.answer', `is ${answer as number}, but there ${choices.length === 1 ? 'is 1 choice' : `are ${choices.length} choices`} (answers count from 0)`)
  }
  return problems
}
