// Proves `npm run grade` on an honest class: every folder layout is found, points per learner and
// lesson land in grades.csv, results.json, junit.xml and the Classroom result, `--learner`
// regrades one learner on the previous run's lessons without losing the others (through real
// `npm run -s`, whose stdout is then JSON alone), and bad arguments exit 2.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseJunit } from './junit-xml.ts'
import { workbookCommand } from './workbook-command.ts'

const ROOT = join(import.meta.dirname, '..')
const CLASS = join(ROOT, 'test', 'fixtures', 'class', 'honest')
const out = mkdtempSync(join(tmpdir(), 'grade-cli-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

const grade = (...args: string[]) =>
  spawnSync(process.execPath, [...workbookCommand('grade').slice(1), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '' } })

describe('npm run grade on an honest class', () => {
  it('writes every report with points per learner and lesson', () => {
    const run = grade(CLASS, '--lessons', '3', '--jobs', '2', '--seed', '11', '--out', out, '--classroom', join(out, 'classroom.json'))
    expect(run.status, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/^\[1\/4\] "\w+" lesson 3: \d\/6/m) // plain progress lines when not a TTY
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe(
      ['\uFEFFlearner,03-request-response,total,max', 'Points Possible,6,6,6', 'alice,6,6,6', 'bob,2,2,6', 'carol,0,0,6', 'dave,0,0,6', ''].join('\r\n'),
    )
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { learner: string; lesson: number; score: number; checks: { message: string; status: string }[] }[]
    expect(results.map((r) => [r.learner, r.lesson, r.score])).toEqual([['alice', 3, 6], ['bob', 3, 2], ['carol', 3, 0], ['dave', 3, 0]])
    expect(results[3]!.checks[0]!.message).toMatch(/^no folder for lesson 03-request-response/)
    expect((results[3] as { missing?: string }).missing).toMatch(/^no folder for lesson 03-request-response/)
    expect(Object.keys(results[0]!).slice(0, 3)).toEqual(['learner', 'lesson', 'slug'])
    const junit = parseJunit(readFileSync(join(out, 'junit.xml'), 'utf8'))
    expect(junit.suites.map((suite) => [suite.name, suite.cases.length])).toEqual(['alice', 'bob', 'carol', 'dave'].map((name) => [`${name} / 03-request-response`, 6]))
    expect(junit.counts).toMatchObject({ tests: 24, errors: 0, skipped: 0 })
    expect(junit.counts.failures).toBe(results.flatMap((r) => r.checks).filter((c) => c.status === 'fail').length)
    const classroom = JSON.parse(readFileSync(join(out, 'classroom.json'), 'utf8')) as { max_score: number; tests: { score: number }[]; status: string }
    expect(classroom.max_score).toBe(24)
    expect(classroom.tests.reduce((sum, t) => sum + t.score, 0)).toBe(8)
    expect(classroom.status).toBe('fail')
  }, 120_000)

  it('regrades one learner on the previous run\'s lessons, says so, and keeps the rest of the class', () => {
    // Through npm itself: with -s its banner stays off stdout, which is then the JSON alone.
    const run = spawnSync('npm', ['run', '-s', 'grade', '--', CLASS, '--learner', 'bob', '--seed', '11', '--out', out, '--json'], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '' },
    })
    expect(run.status, run.stderr).toBe(0)
    const results = JSON.parse(run.stdout) as { learner: string; lesson: number }[]
    expect(results.map((r) => [r.learner, r.lesson])).toEqual([['bob', 3]]) // not all 17 lessons
    expect(run.stderr).toContain(`Regrading "bob" on lesson(s) 3: those of the previous run in ${out}`)
    const csv = readFileSync(join(out, 'grades.csv'), 'utf8').split('\r\n')
    expect(csv).toHaveLength(7)
    expect(csv[0]).toBe('\uFEFFlearner,03-request-response,total,max')
  }, 120_000)

  it('says how to get JSON alone when npm prints its banner', () => {
    const run = spawnSync('npm', ['run', 'grade', '--', CLASS, '--lessons', '3,99', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '' } })
    expect(run.stderr).toContain('run `npm run -s grade -- … --json` for JSON alone')
    expect(run.stdout).toContain('> node-http-workbook@') // npm's own banner, the reason for the note
  }, 60_000)

  it('exits 2 on a usage mistake', () => {
    const unknown = grade(CLASS, '--lessons', '3,99')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('--lessons 3,99: there is no lesson 99; the workbook has lessons 1, 2, 3')
    expect(grade(CLASS, '--lessons', '9-3').status).toBe(2)
    expect(grade(join(CLASS, 'nope')).status).toBe(2)
    expect(grade(CLASS, '--learner', 'nobody').status).toBe(2)
    expect(grade().status).toBe(2)
  }, 60_000)
})
