// Proves a workbook works wherever it is copied or moved, with the compiled copy of its own code
// (node_modules/.cache) copied along from the old place: a `cp -a` copy grades a class right while
// the original still exists, a moved workbook still checks a learner's program, and a grader
// whose build is damaged grades nobody (exit 1, a clear error) instead of scoring zero for all.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const temp = mkdtempSync(join(tmpdir(), 'grade-moved-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

const original = join(temp, 'workbook')
const copy = join(temp, 'copy-of-workbook')
const moved = join(temp, 'moved-workbook')
const classDir = join(temp, 'class')

const command = (workbook: string, name: string, args: string[]) =>
  spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', join(workbook, 'src', 'cli', 'start.mjs'), name, ...args], {
    cwd: workbook, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: '', NO_COLOR: '1' },
  })

const builds = (workbook: string) => readdirSync(join(workbook, 'node_modules', '.cache', 'node-http-workbook')).sort()

describe('a copied or moved workbook', () => {
  it('grades from a cp -a copy whose build cache came from the original, and checks after a move', () => {
    // The parts of the workbook the commands use, node_modules with its build cache included.
    mkdirSync(original)
    for (const part of ['package.json', 'src', 'checks', 'lessons', 'exercises', 'solutions', 'node_modules']) {
      execFileSync('cp', ['-a', join(ROOT, part), original])
    }
    // A class of one, handing in the reference solution of lesson 3.
    mkdirSync(join(classDir, 'ada', 'exercises'), { recursive: true })
    execFileSync('cp', ['-a', join(ROOT, 'solutions', '03-request-response'), join(classDir, 'ada', 'exercises')])

    const first = command(original, 'grade', [classDir, '--lessons', '3', '--jobs', '2', '--seed', '1', '--out', join(temp, 'out-original')])
    expect(first.status, first.stderr).toBe(0)
    const originalBuilds = builds(original)

    execFileSync('cp', ['-a', original, copy]) // the original stays where it was
    expect(builds(copy)).toEqual(originalBuilds) // the stale build came along
    const fromCopy = command(copy, 'grade', [classDir, '--lessons', '3', '--jobs', '2', '--seed', '1', '--out', join(temp, 'out-copy')])
    expect(fromCopy.status, fromCopy.stderr).toBe(0)
    expect(readFileSync(join(temp, 'out-copy', 'grades.csv'), 'utf8')).toContain('\r\nada,6,6,6\r\n')
    // The copy built for its own place, and nothing in any build names another place.
    for (const build of builds(copy)) {
      const grep = spawnSync('grep', ['-rl', temp, join(copy, 'node_modules', '.cache', 'node-http-workbook', build)], { encoding: 'utf8' })
      expect(grep.stdout, `absolute paths baked into ${build}`).toBe('')
      expect(grep.status).toBe(1) // grep: no match
    }

    renameSync(original, moved)
    const check = command(moved, 'check', ['3', '--file', join(moved, 'solutions', '03-request-response')])
    expect(check.stderr).not.toContain('ERR_MODULE_NOT_FOUND')
    expect(check.stdout).toContain('All 6 checks pass')
    expect(check.status).toBe(0)
  }, 180_000)

  it('refuses to grade with a damaged build rather than score the learners zero', () => {
    expect(existsSync(copy)).toBe(true)
    for (const build of builds(copy)) {
      const probe = join(copy, 'node_modules', '.cache', 'node-http-workbook', build, 'probe.cjs')
      if (existsSync(probe)) writeFileSync(probe, "throw new Error('damaged build')\n")
    }
    const out = join(temp, 'out-damaged')
    const run = command(copy, 'grade', [classDir, '--lessons', '3', '--jobs', '2', '--out', out])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('The grader could not run a program known to work, so nobody was graded')
    expect(run.stderr).toContain('damaged build')
    expect(existsSync(join(out, 'grades.csv'))).toBe(false)
  }, 120_000)
})
