// Proves `npm run check` grades for real, prints the contract's JSON, and refuses bad input
// with a clear message and exit code 2 (never a stack trace).
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { workbookCommand } from '../support/workbook-command.ts'
import { ROOT } from '../src/root.ts'

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

  // A learner's first mistakes: a file that does not parse, a misspelt function. One block, shown once.
  const brokenSolution = (edit: (source: string) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-'))
    const source = readFileSync(join(ROOT, 'solutions', '03-request-response', 'server.ts'), 'utf8')
    writeFileSync(join(dir, 'server.ts'), edit(source))
    return join(dir, 'server.ts')
  }

  it('shows a syntax error once, at the learner’s line and column, with the code around it', async () => {
    const file = brokenSolution((source) => source.replace("res.end('Hello, World!')", "res.end('Hello, World!'"))
    const { code, stdout } = await check('3', '--file', file)
    expect(code).toBe(1)
    expect(stdout.match(/never listened \[never-listened\]/g)).toHaveLength(1)
    expect(stdout).toContain('never listened [never-listened] at server.ts:8:5  (fails 5 checks)')
    expect(stdout).toContain('the program crashed before it listened: SyntaxError: Expected ")" but found "return"')
    expect(stdout).toMatch(/> {1,2}8 \|     return\n +\| {5}\^/)
    expect(stdout).not.toContain('Transform failed')
  })

  it('names a crash with the learner’s own names, not the compiled ones', async () => {
    const file = brokenSolution((source) => source.replace('http.createServer', 'http.creatServer'))
    const { stdout } = await check('3', '--file', file)
    expect(stdout).toContain('TypeError: http.creatServer is not a function')
    expect(stdout).not.toContain('import_node_http')
    expect(stdout).toMatch(/> 4 \| const server = http\.creatServer\(/)
  })

  it('shows a module that does not parse the same way (lesson 1 imports it instead of starting it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-module-'))
    writeFileSync(join(dir, 'doorbell.ts'), "import { EventEmitter } from 'node:events'\nexport class Doorbell extends EventEmitter {\n  ring(visitor: string {\n  }\n}\n")
    const { stdout } = await check('1', '--file', dir)
    expect(stdout.match(/\[crashed\]/g)).toHaveLength(1)
    expect(stdout).toContain('your module could not be loaded: SyntaxError: Expected ")" but found "{"')
    expect(stdout).toMatch(/> 3 \|   ring\(visitor: string \{\n +\| {24}\^/)
  })

  it('explains one mistake once, listing the checks it failed', async () => {
    const fixture = join(ROOT, 'test', 'fixtures', 'mistakes', '02-connection-event', 'missing-end')
    const { stdout } = await check('2', '--file', fixture)
    expect(stdout.match(/\[missing-end\]/g)).toHaveLength(1)
    expect(stdout).toMatch(/✗ every request gets 200 with body "ok" \(0\/1\)$/m)
    expect(stdout).toMatch(/response never finished \[missing-end\] {2}\(fails 3 checks\)/)
  }, 30_000)

  it('works from inside an exercise folder, where `npm run check` alone checks that lesson', async () => {
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) =>
      execFile('npm', ['run', '-s', 'check'], { cwd: join(ROOT, 'exercises', '03-request-response'), timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) =>
        resolve({ stdout, code: error ? Number(error.code ?? 1) : 0 }),
      ),
    )
    expect(code).toBe(1) // the starter fails
    expect(stdout.split('\n')[0]).toBe('Lesson 3: req and res: reading the request, writing the response  (server.ts)')
  })

  it('grades the entry saved last when there are two, and says which', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'two-entries-'))
    writeFileSync(join(dir, 'server.ts'), readFileSync(join(ROOT, 'exercises', '03-request-response', 'server.ts')))
    const later = new Date(Date.now() + 5_000)
    writeFileSync(join(dir, 'server.js'), readFileSync(join(ROOT, 'solutions', '03-request-response', 'server.ts'), 'utf8'))
    utimesSync(join(dir, 'server.js'), later, later)
    const { code, stdout } = await check('3', '--file', dir)
    expect(code).toBe(0)
    expect(stdout).toContain('  graded server.js, the one saved last; not graded: server.ts')
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
