/**
 * `verify` whole: the lessons' texts first, then (unless texts only) their programs, each part
 * handed to a reporter as it ends; returns the verdict. Prints nothing and sets no exit code.
 */
import { findLesson, lessonFiles, loadLesson, type LessonFiles } from '../curriculum/lessons.ts'
import { checkLessonTexts } from './lesson-text.ts'
import type { TextProblem } from './text-problem.ts'
import { verifyCurriculum, type LessonVerdict } from './verify-curriculum.ts'

export type VerifyRequest = {
  /** The workbook whose lessons to verify. */
  root: string
  /** Lessons as typed (`3`, `03`, a slug); none: every lesson, and the quizzes' balance across them. */
  lessons: string[]
  seed: number
  jobs?: number
  /** The texts alone: no program is run. */
  textOnly: boolean
}

/** Told each part as it ends, in order: the texts, the programs (not with textOnly), then the summary. */
export type VerifyReporter = {
  texts(problems: TextProblem[], lessonCount: number): void
  programs(verdicts: LessonVerdict[], seed: number): void
  summary(problems: number, seconds: number, seed: number | null): void
}

export type VerifyOutcome = { problems: number; passed: boolean }

export async function verifyWorkbook(request: VerifyRequest, reporter: VerifyReporter): Promise<VerifyOutcome> {
  const started = performance.now()
  const files = lessonFiles(request.root)
  const chosen = request.lessons.length ? request.lessons.map((wanted) => findLesson(files, wanted)) : files
  const textProblems = await checkLessonTexts(chosen, { root: request.root, ...(request.lessons.length ? {} : { curriculum: files }) })
  reporter.texts(textProblems, chosen.length)
  let problems = textProblems.length

  if (!request.textOnly) {
    const verdicts = await verifyCurriculum(loadable(chosen), { seed: request.seed, ...(request.jobs ? { jobs: request.jobs } : {}) })
    problems += verdictProblems(verdicts)
    reporter.programs(verdicts, request.seed)
  }
  reporter.summary(problems, (performance.now() - started) / 1000, request.textOnly ? null : request.seed)
  return { problems, passed: problems === 0 }
}

/** The number of problems among the program runs: a verdict not ok, or a check no wrong program fails. */
export function verdictProblems(verdicts: LessonVerdict[]): number {
  return verdicts.reduce((sum, { solution, starter, mistakes, neverFailed }) => sum + [solution, starter, ...mistakes].filter((v) => !v.ok).length + (neverFailed.length ? 1 : 0), 0)
}

/** A lesson whose front matter is not YAML has been reported with the texts; its programs cannot run. */
function loadable(chosen: LessonFiles[]) {
  return chosen.flatMap((lesson) => {
    try {
      return [loadLesson(lesson)]
    } catch {
      return []
    }
  })
}
