// Proves `npm run check` grades for real, prints the contract's JSON, and refuses bad input
// with a clear message and exit code 2 (never a stack trace).
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { workbookCommand } from './workbook-command.ts'
import { ROOT } from '../src/runner/paths.ts'

function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...workbookCommand('check').slice(1), ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

describe('npm run check', () => {
  it('passes the reference solution and prints the contract JSON', async () => {
    const { code, stdout } = await check('3', '--solution', '--json', '--seed', '7')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result).toMatchObject({ lesson: 3, slug: 'request-response', passed: true, seed: 7 })
    expect(result.score).toBe(result.maxScore)
    expect(typeof result.durationMs).toBe('number')
    for (const c of result.checks) {
      expect(Object.keys(c).slice(0, 7)).toEqual(['id', 'title', 'status', 'points', 'maxPoints', 'message', 'diagnosis'])
    }
  })

  it('fails a mistake with its diagnosis, the exchange and a curl line, exit 1', async () => {
    const fixture = join(ROOT, 'test', 'fixtures', 'mistakes', '03-request-response', 'missing-end')
    const { code, stdout } = await check('3', '--file', fixture)
    expect(code).toBe(1)
    expect(stdout).toContain('✗ GET /countdown counts down in several writes (0/1)')
    expect(stdout).toContain('response never finished [missing-end]')
    expect(stdout).toContain('you never called res.end() on GET /countdown')
    expect(stdout).toContain("try it:  curl -i 'http://localhost:3000/countdown'")
  })

  it.each([
    [['99'], /There is no lesson "99"\. Lessons go from \d+ to \d+/],
    [['3', '--file', 'no/such/place'], /no\/such\/place does not exist\./],
    [[], /Usage: npm run check <lesson>/],
    [['3', '--seed', 'abc'], /--seed takes a whole number, not "abc"\./],
    [['3', '--wat'], /Unknown option '--wat'/],
  ])('refuses %j with exit 2 and one clear line', async (args, message) => {
    const { code, stderr } = await check(...args)
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
