/**
 * The author's checks that need no program to run: each lesson's front matter against its
 * schema, its starter's `TODO` marks, its quiz's balance, and its ```ts code blocks. Returns the
 * problems as data; `verify` reports them before it runs any program.
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { findEntryFile } from '../curriculum/entry-file.ts'
import { splitFrontMatter } from '../curriculum/front-matter.ts'
import type { LessonFiles } from '../curriculum/lessons.ts'
import { frontMatterProblems } from './front-matter-schema.ts'
import { checkCodeBlocks } from './lesson-code-blocks.ts'
import { curriculumBalanceProblems, lessonBalanceProblems, type QuizLike } from './quiz-balance.ts'
import type { TextProblem } from './text-problem.ts'

const DEFAULT_ENTRY = 'server.ts'
const TODO = /\bTODO\b/

export type TextCheckOptions = {
  /** The workbook whose lessons these are: it holds `exercises/tsconfig.json` and `node_modules/`. */
  root: string
  /** Also hold the quizzes of these lessons together to the curriculum-wide balance (all lessons, usually). */
  curriculum?: LessonFiles[]
}

export async function checkLessonTexts(lessons: LessonFiles[], options: TextCheckOptions): Promise<TextProblem[]> {
  const { root } = options
  const problems: TextProblem[] = []
  for (const lesson of lessons) problems.push(...checkOneLesson(lesson, root).problems)
  const blocks = await checkCodeBlocks(lessons.map((lesson) => lesson.markdownPath), root)
  problems.push(...blocks.map(({ file, line, message }) => ({ file, line, message: `code block: ${message}` })))
  if (options.curriculum?.length) {
    const questions = options.curriculum.flatMap((lesson) => checkOneLesson(lesson, root).quiz)
    problems.push(...curriculumBalanceProblems(questions, `lessons/ (all ${options.curriculum.length})`))
  }
  return problems
}

function checkOneLesson(lesson: LessonFiles, root: string): { problems: TextProblem[]; quiz: QuizLike[] } {
  const file = relative(root, lesson.markdownPath)
  const text = readFileSync(lesson.markdownPath, 'utf8')
  if (!/^---\r?\n/.test(text)) return { problems: [{ file, line: 1, message: 'has no front matter: the file must begin with --- and the lesson’s title, entry, hints and quiz' }], quiz: [] }
  let data: Record<string, unknown>
  try {
    data = splitFrontMatter(text).data
  } catch (error) {
    return { problems: [{ file, message: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` }], quiz: [] }
  }
  const problems = frontMatterProblems(file, data)

  const entry = typeof data.entry === 'string' && data.entry.trim() ? data.entry : DEFAULT_ENTRY
  for (const [label, dir] of [['starter', lesson.exerciseDir], ['solution', lesson.solutionDir]] as const) {
    const found = findEntryFile(dir, entry)
    if (!found) {
      problems.push({ file, field: 'entry', message: `entry is ${entry}${'entry' in data ? '' : ' (when not given)'}, but the ${label} ${relative(root, dir)}/ has no ${entry} (nor .js, .mjs…)` })
    } else if (label === 'starter' && !TODO.test(readFileSync(found, 'utf8'))) {
      problems.push({ file: relative(root, found), message: 'has no TODO mark: a starter shows the learner where to work with // TODO comments' })
    }
  }

  const quiz = Array.isArray(data.quiz) ? data.quiz.filter(isQuizLike) : []
  problems.push(...lessonBalanceProblems(quiz, file))
  return { problems, quiz }
}

const isQuizLike = (item: unknown): item is QuizLike => {
  const question = item as Partial<QuizLike> | null
  return typeof question === 'object' && question !== null && Array.isArray(question.choices) && Number.isInteger(question.answer)
}
