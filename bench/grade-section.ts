/**
 * Grading a synthetic class (bench/class.ts) with no `--jobs` flag, as a teacher would, and with
 * a few other `--jobs` for comparison. Target: 30 learners × every lesson within 3 minutes.
 */
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from '../support/workbook-command.ts'
import { syntheticClass } from './class.ts'

const TARGET_S = 180

export async function gradeSection(learners: number, otherJobs: number[]): Promise<string[]> {
  const lessons = loadLessons().length
  const classDir = syntheticClass(learners)
  const lines = [`Grading a synthetic class (${learners} learners × ${lessons} lessons, three lessons in four from the solution, the rest from the starter):`, '']
  lines.push('| `--jobs` | time | learners per second | |', '|---|---|---|---|')
  try {
    for (const jobs of [null, ...otherJobs]) {
      const out = `${classDir}-out-${jobs ?? 'default'}`
      const started = performance.now()
      const stdout = await grade([classDir, ...(jobs === null ? [] : ['--jobs', String(jobs)]), '--out', out, '--seed', '1'])
      const seconds = (performance.now() - started) / 1000
      rmSync(out, { recursive: true, force: true })
      const used = /, (\d+) jobs,/.exec(stdout)?.[1] ?? '?'
      const verdict = learners >= 30 && seconds <= TARGET_S ? 'within 3 min' : learners >= 30 ? 'over 3 min' : ''
      lines.push(`| ${jobs === null ? `none (the default: ${used})` : jobs} | ${seconds.toFixed(1)} s | ${(learners / seconds).toFixed(2)} | ${verdict} |`)
    }
  } finally {
    rmSync(classDir, { recursive: true, force: true })
  }
  return lines
}

function grade(args: string[]): Promise<string> {
  const [node, ...flags] = workbookCommand('grade')
  return new Promise((resolve, reject) => {
    execFile(node, [...flags, ...args], { cwd: ROOT, timeout: 900_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`grade ${args.join(' ')} failed: ${stderr.trim().split('\n').at(-1) ?? error.message}`))
      else resolve(stdout)
    })
  })
}
