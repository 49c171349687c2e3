/**
 * The result a GitHub Classroom autograding reporter reads (one "runner"): every check a test
 * with its points, the lesson's points the maximum. `--classroom FILE` writes it; the workflow in
 * templates/github-classroom/ hands it to the reporter base64-encoded.
 */
import type { GradedLesson } from './grade-one.ts'

export type ClassroomTest = { name: string; status: 'pass' | 'fail' | 'error'; message: string; score: number; line_no: number; execution_time: string }
export type ClassroomResult = { version: 1; status: 'pass' | 'fail' | 'error'; max_score: number; tests: ClassroomTest[] }

export function toClassroom(graded: GradedLesson[]): ClassroomResult {
  const tests = graded.flatMap(({ result }) =>
    result.checks.map((check): ClassroomTest => ({
      name: `${String(result.lesson).padStart(2, '0')} ${check.title}`,
      status: check.status === 'pass' || check.status === 'skip' ? 'pass' : check.status === 'error' ? 'error' : 'fail',
      message:
        check.status === 'pass' || check.status === 'skip'
          ? ''
          : [check.message, check.diagnosis && `diagnosis: ${check.diagnosis}${check.where ? ` at ${check.where}` : ''}`, check.curl && `try it: ${check.curl}`].filter(Boolean).join('\n'),
      score: check.points,
      line_no: 0,
      execution_time: `${(check.durationMs / 1000).toFixed(2)}s`,
    })),
  )
  const status = tests.some((test) => test.status === 'error') ? 'error' : tests.some((test) => test.status === 'fail') ? 'fail' : 'pass'
  return { version: 1, status, max_score: graded.reduce((sum, { result }) => sum + result.maxScore, 0), tests }
}
