// Proves the grade sandbox: a class of hostile programs (spin, flood, memory, detached children,
// early exit, snooping, writing outside, killing the grader, faking a result) is graded by the
// real CLI without a hang or a crash, the honest control learner still gets full marks, the
// attacks that the sandbox stops leave the attackers' answers correct, and nothing is left
// running or written outside.
import { spawn } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { workbookCommand } from '../support/workbook-command.ts'
import { SANDBOX_PREFIX } from '../src/grade/sandbox.ts'

const ROOT = join(import.meta.dirname, '..')
const CLASS = join(ROOT, 'test', 'fixtures', 'class', 'hostile')
const out = mkdtempSync(join(tmpdir(), 'grade-hostile-out-'))
const temp = mkdtempSync(join(tmpdir(), 'grade-hostile-tmp-'))
afterAll(() => {
  rmSync(out, { recursive: true, force: true })
  rmSync(temp, { recursive: true, force: true })
})

type Row = { learner: string; score: number; maxScore: number; checks: { id: string; status: string; message: string }[] }

function runGrade(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...workbookCommand('grade').slice(1), CLASS, '--lessons', '3', '--jobs', '2', '--timeout', '25', '--seed', '7', '--json', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: temp, GRADER_SECRET: 'do-not-leak' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`grade hung:\n${stderr}`)) }, 170_000)
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
  })
}

describe('npm run grade on a hostile class', () => {
  it('grades everyone, contains every attack, and leaves nothing behind', async () => {
    const { code, stdout, stderr } = await runGrade()
    expect(code, stderr).toBe(0)
    const rows = JSON.parse(stdout) as Row[]
    const byName = new Map(rows.map((row) => [row.learner, row]))
    expect([...byName.keys()].sort()).toEqual(readdirSync(CLASS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort())
    const full = (name: string) => byName.get(name)!.score === byName.get(name)!.maxScore
    // Sandbox held: these programs are correct apart from their attack.
    for (const name of ['control', 'snoop', 'writer', 'parent-killer', 'spawner', 'flooder']) expect(full(name), `${name}: ${JSON.stringify(byName.get(name)!.checks)}`).toBe(true)
    // Broken on purpose: each fails, none takes anyone else down.
    for (const name of ['spinner', 'memory-hog', 'early-exit', 'fake-result']) expect(full(name), name).toBe(false)
    expect(byName.get('fake-result')!.score).toBeLessThan(6)

    // Nothing written outside, nothing left running, no sandbox left on disk.
    expect(existsSync(join(ROOT, 'test/fixtures/class/PWNED-by-writer'))).toBe(false)
    expect(existsSync('/tmp/PWNED-by-writer')).toBe(false)
    // A group killed with SIGKILL may take a moment to be torn down by the kernel: poll briefly.
    const leftovers = () => ({
      processes: execFileSync('ps', ['-eo', 'pid,stat,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('sleep 313') || line.includes(SANDBOX_PREFIX)),
      folders: readdirSync(temp).filter((name) => name.startsWith(SANDBOX_PREFIX)),
    })
    const until = Date.now() + 3000
    while (Date.now() < until && (leftovers().processes.length || leftovers().folders.length)) await new Promise((r) => setTimeout(r, 100))
    expect(leftovers()).toEqual({ processes: [], folders: [] })

    // The grader's environment never reached a program, and the report names the protections.
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    expect(html).not.toContain('do-not-leak')
    expect(html).not.toContain('<script>alert')
    expect(html).toMatch(/Node permission model \(--(experimental-)?permission\)/)
    for (const file of ['grades.csv', 'results.json', 'junit.xml']) expect(existsSync(join(out, file))).toBe(true)
  }, 180_000)
})
