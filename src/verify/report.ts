/**
 * What `verify` found, as the lines it prints: the lessons' texts first, then their programs.
 * It lives beside verify's data, as grade's reports live in grade/: src/report sits below both.
 */
import { ui } from '../report/ui.ts'
import type { TextProblem } from './text-problem.ts'
import type { LessonVerdict, Verdict } from './verify-curriculum.ts'
import type { VerifyReporter } from './verify-workbook.ts'

/** The terminal's reporter: each part as a block of lines, followed by an empty line. */
export function terminalReporter(write: (text: string) => void): VerifyReporter {
  const print = (lines: string[]) => write(`${lines.join('\n')}\n`)
  return {
    texts: (problems, lessonCount) => print([...formatTextProblems(problems, lessonCount), '']),
    programs: (verdicts, seed) => print([...formatVerdicts(verdicts, seed), '']),
    summary: (problems, seconds, seed) => print([formatSummary(problems, seconds, seed)]),
  }
}

/** `lessons/07-request-body.md:12: code block: TS2304: …`, one line each, grouped by file in order. */
export function formatTextProblems(problems: TextProblem[], lessonCount: number): string[] {
  const title = ui.bold(`Texts of ${lessonCount} lesson(s): front matter, hints, quiz balance, starters' TODO marks, code blocks`)
  if (!problems.length) return [title, `${ui.tick} no problems`]
  const byFile = [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0))
  return [title, ...byFile.map((problem) => `${ui.cross} ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${ui.fail(problem.message)}`)]
}

export function formatVerdicts(verdicts: LessonVerdict[], seed: number): string[] {
  const mark = (verdict: Verdict) => (verdict.ok ? ui.tick : ui.cross)
  const lines = [ui.bold(`Programs of ${verdicts.length} lesson(s), seed ${seed}`)]
  for (const { lesson, solution, starter, mistakes, neverFailed, checkCount } of verdicts) {
    const all = [solution, starter, ...mistakes]
    const allOk = all.every((v) => v.ok) && !neverFailed.length
    const proven = `checks shown to fail ${checkCount - neverFailed.length}/${checkCount}`
    lines.push(`${allOk ? ui.tick : ui.cross} ${ui.bold(lesson.id.padEnd(24))} solution ${mark(solution)}  starter ${mark(starter)}  mistakes ${mistakes.filter((m) => m.ok).length}/${mistakes.length}  ${ui.dim(proven)}`)
    for (const [label, verdict] of [['solution', solution], ['starter', starter], ...mistakes.map((m) => [`mistake ${m.name}`, m] as const)] as const) {
      if (!verdict.ok) lines.push(`    ${ui.fail(`${label}: ${verdict.summary}`)}`)
    }
    if (neverFailed.length) {
      lines.push(`    ${ui.fail(`no starter or fixture fails ${neverFailed.join(', ')}: add a fixture (wrong-answer.<name>/ lists the checks it fails) that proves ${neverFailed.length === 1 ? 'it' : 'they'} can fail`)}`)
    }
  }
  const slowest = verdicts
    .flatMap(({ lesson, solution, starter, mistakes }) => [
      { label: `${lesson.id} solution`, ms: solution.durationMs },
      { label: `${lesson.id} starter`, ms: starter.durationMs },
      ...mistakes.map((m) => ({ label: `${lesson.id} ${m.name}`, ms: m.durationMs })),
    ])
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
  if (slowest.length) lines.push('', ui.dim(`slowest: ${slowest.map((run) => `${run.label} ${(run.ms / 1000).toFixed(1)} s`).join(', ')}`))
  return lines
}

export function formatSummary(problems: number, seconds: number, seed: number | null): string {
  const time = `${seconds.toFixed(1)} s`
  return problems ? ui.fail(`✖ ${problems} problem(s) (${seed === null ? '' : `seed ${seed}, `}${time})`) : ui.pass(`✔ curriculum verified (${time})`)
}
