/**
 * The curriculum as data: one entry per `lessons/NN-slug.md`, with its front matter (title,
 * entry file, hints, quiz) and where its exercise, solution and checks live.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve, sep } from 'node:path'
import { ROOT } from '../root.ts'
import { withoutMarks } from './code-blocks.ts'
import { plainStrings, splitFrontMatter } from './front-matter.ts'
import { UnknownLessonError } from '../errors.ts'

export type QuizQuestion = { question: string; choices: string[]; answer: number; explanation: string }

export type Lesson = {
  number: number
  slug: string
  /** `03-request-response` */
  id: string
  title: string
  /** The file the learner edits, e.g. `server.ts`. */
  entry: string
  hints: string[]
  quiz: QuizQuestion[]
  markdownPath: string
  body: string
  exerciseDir: string
  solutionDir: string
  checksPath: string
}

const LESSON_FILE = /^(\d{2})-([a-z0-9-]+)\.md$/

/** Where a lesson's four parts live, before its text is read. */
export type LessonFiles = Pick<Lesson, 'number' | 'slug' | 'id' | 'markdownPath' | 'exerciseDir' | 'solutionDir' | 'checksPath'>

/** Every `lessons/NN-slug.md`, in order, without reading them (a damaged one is still listed). */
export function lessonFiles(root = ROOT): LessonFiles[] {
  const dir = join(root, 'lessons')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => LESSON_FILE.test(name))
    .sort()
    .map((name) => {
      const [, number, slug] = LESSON_FILE.exec(name)!
      const id = `${number}-${slug}`
      return {
        number: Number(number),
        slug: slug!,
        id,
        markdownPath: join(dir, name),
        exerciseDir: join(root, 'exercises', id),
        solutionDir: join(root, 'solutions', id),
        checksPath: join(root, 'checks', `${id}.ts`),
      }
    })
}

export function loadLessons(root = ROOT): Lesson[] {
  return lessonFiles(root).map(loadLesson)
}

/** One lesson's text read; throws a message naming the file when its front matter is not YAML. */
export function loadLesson(files: LessonFiles): Lesson {
  const { slug, markdownPath } = files
  const file = basename(markdownPath)
  let parsed: ReturnType<typeof splitFrontMatter>
  try {
    parsed = splitFrontMatter(readFileSync(markdownPath, 'utf8'))
  } catch (error) {
    throw new Error(`lessons/${file}: the front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`)
  }
  const { data, body } = parsed
  return {
    ...files,
    title: typeof data.title === 'string' ? data.title : slug,
    entry: typeof data.entry === 'string' ? data.entry : 'server.ts',
    hints: Array.isArray(data.hints) ? data.hints.map(String) : [],
    quiz: Array.isArray(data.quiz) ? (data.quiz as QuizQuestion[]) : [],
    // The authors' marks on code blocks are for `verify`, not for the learner.
    body: withoutMarks(body),
  }
}

/** What `check` needs of a lesson: where its parts live, its title and its entry file. */
export type LessonHeading = LessonFiles & Pick<Lesson, 'title' | 'entry'>

/**
 * A lesson's title and entry file, read without the YAML parser when the front matter states
 * them plainly (as every lesson does); the whole front matter is parsed otherwise.
 */
export function loadLessonHeading(files: LessonFiles): LessonHeading {
  let text: string
  try {
    text = readFileSync(files.markdownPath, 'utf8')
  } catch {
    return loadLesson(files) // let the full read report it
  }
  const plain = plainStrings(text, ['title', 'entry'])
  if (!plain) {
    const { title, entry } = loadLesson(files)
    return { ...files, title, entry }
  }
  return { ...files, title: plain.title, entry: plain.entry }
}

/** Lesson `3`, `03` or `request-response`; throws a message that lists what exists. */
export function findLesson<T extends Pick<Lesson, 'number' | 'slug' | 'id'>>(lessons: T[], wanted: string): T {
  const found = lessons.find((lesson) => String(lesson.number) === String(Number(wanted)) || lesson.slug === wanted || lesson.id === wanted)
  if (found) return found
  const range = lessons.length ? `${lessons[0]!.number} to ${lessons.at(-1)!.number}` : 'none yet'
  throw new UnknownLessonError(`There is no lesson "${wanted}". Lessons go from ${range}; \`npm run lesson\` lists them.`)
}

/** The lesson whose exercise folder holds `dir` (or is it), if any. */
export function lessonFolderAt<T extends Pick<Lesson, 'exerciseDir'>>(lessons: T[], dir: string | undefined): T | null {
  if (!dir) return null
  const here = resolve(dir)
  return lessons.find((lesson) => here === lesson.exerciseDir || here.startsWith(lesson.exerciseDir + sep)) ?? null
}

/** The contract's two parts: the http module (01–17), then under the hood and into production (18 on). */
export const PARTS = [
  { first: 1, title: 'Part one: the http module' },
  { first: 18, title: 'Part two: under the hood and into production' },
] as const

export function partOf(lesson: Pick<Lesson, 'number'>): (typeof PARTS)[number] {
  return [...PARTS].reverse().find((part) => lesson.number >= part.first)!
}
