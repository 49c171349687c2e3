// Proves the OS sandbox (bubblewrap, Linux) against the attacks the permission model cannot stop:
// a loopback scanner (a canary server this test runs outside the grader must see no connection,
// and honest learners graded beside it with --jobs 4 keep full marks), an outbound connection,
// reading other learners' copies and other processes' /proc entries, writing to the grader's
// result channel and /proc, a fork bomb, file-descriptor exhaustion and disk filling. Each ends
// as that learner's failure (or its attack comes to nothing), in bounded time, with nothing left
// running. Skipped, with the reason, where bubblewrap cannot run; CI installs it.
import { spawn, execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { workbookCommand } from '../support/workbook-command.ts'
import { SANDBOX_PREFIX } from '../src/grade/sandbox.ts'
import { findBwrap, resolveIsolation } from '../src/grade/os-sandbox.ts'
import { forwardedPorts } from '../src/runner/sandboxed-start.ts'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { gradeOne } from '../src/grade/grade-one.ts'
import { DEFAULT_LIMITS } from '../src/grade/sandbox.ts'

const ROOT = join(import.meta.dirname, '..')
const HOSTILE = join(ROOT, 'test', 'fixtures', 'class', 'hostile')
const ATTACKERS = ['scanner', 'outbound', 'cross-reader', 'channel-writer', 'fork-bomb', 'fd-exhauster', 'disk-filler']
const HONEST = ['control', 'honest-2', 'honest-3']
const bwrap = findBwrap()
const why = 'why' in bwrap ? bwrap.why : null
if (why) console.warn(`OS sandbox tests skipped: ${why}`)

const work = mkdtempSync(join(tmpdir(), 'grade-os-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

type Row = { learner: string; score: number; maxScore: number; isolation?: string; missing?: string; checks: { id: string; status: string; message: string; exchange?: { response?: { body?: string } | null } | null }[] }

function runGrade(classDir: string, extra: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...workbookCommand('grade').slice(1), classDir, '--lessons', '3', '--seed', '7', '--json', '--out', join(work, 'out'), ...extra], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: join(work, 'tmp'), GRADER_SECRET: 'do-not-leak', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`grade hung:\n${stderr}`)) }, 170_000)
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, ms: Date.now() - started }) })
  })
}

/** A server outside the grader, on this machine's loopback, that no graded program may reach. */
async function startCanary() {
  let connections = 0
  const server = net.createServer((socket) => {
    connections++
    socket.destroy()
  })
  // High in Linux's ephemeral range, where the scanner starts, so that without the OS sandbox it
  // finds the canary within a second or two (the last test proves it does).
  for (let port = 60990; ; port--) {
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (listening) break
  }
  return { connections: () => connections, close: () => server.close() }
}

describe('the OS sandbox', () => {
  it('carries out only the ports the checks name in the environment, and a held port', () => {
    expect(forwardedPorts({ PORT: '3000', UPSTREAM_URL: 'http://127.0.0.1:4567/x', OTHER: 'http://localhost:99', FAR: 'http://10.0.0.1:80', PLAIN: '8080' }, 5555).sort()).toEqual([4567, 5555, 99].sort())
  })

  it.skipIf(why !== null)('grades every kind of check through the relay: module checks, a held port, SIGTERM, an upstream the checks serve', async () => {
    const inForce = resolveIsolation('required')
    if ('refused' in inForce) throw new Error(inForce.refused)
    const lessons = loadLessons()
    for (const id of ['1', '14', '15']) {
      const lesson = findLesson(lessons, id)
      const { result, isolation } = await gradeOne({ name: 'ref', dir: join(ROOT, 'solutions') }, lesson, { seed: 5, limits: DEFAULT_LIMITS, inForce })
      expect(isolation).toBe('os-sandbox')
      expect(result.checks.filter((check) => check.status !== 'pass').map((check) => `${lesson.id} ${check.id}: ${check.message}`)).toEqual([])
    }
  }, 120_000)

  it('--isolation required refuses to grade where bubblewrap is not available', async () => {
    const empty = mkdtempSync(join(work, 'no-bwrap-'))
    const { code, stderr, stdout } = await runGrade(join(ROOT, 'test', 'fixtures', 'class', 'honest'), ['--isolation', 'required'], { PATH: empty })
    expect(code).toBe(1)
    expect(stderr).toMatch(/--isolation required, but the OS sandbox is not available: .*(bwrap|Linux)/)
    expect(stdout).toBe('')
  }, 60_000)

  it('says which protections were in force: terminal, results.json and report.html (--isolation none and auto)', async () => {
    const honest = join(ROOT, 'test', 'fixtures', 'class', 'honest')
    mkdirSync(join(work, 'tmp'), { recursive: true })
    const none = await runGrade(honest, ['--isolation', 'none'])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stderr).toContain('Isolation: NONE (--isolation none): only for code you trust')
    expect(new Set((JSON.parse(none.stdout) as Row[]).map((row) => row.isolation))).toEqual(new Set(['none']))
    expect(readFileSync(join(work, 'out', 'report.html'), 'utf8')).toContain('OS sandbox and Node permission model: NOT in force')
    const auto = await runGrade(honest, [])
    expect(auto.code, auto.stderr).toBe(0)
    const expected = why ? 'permission-model' : 'os-sandbox'
    expect(new Set((JSON.parse(auto.stdout) as Row[]).map((row) => row.isolation))).toEqual(new Set([expected]))
    expect(auto.stderr).toContain(why ? `the OS sandbox is not in force (${why})` : 'Isolation: OS sandbox (bubblewrap')
    expect(readFileSync(join(work, 'out', 'report.html'), 'utf8')).toContain(why ? 'OS sandbox: NOT in force' : 'OS sandbox (bubblewrap): each program in its own user, network, PID')
  }, 120_000)

  it.skipIf(why !== null)('contains a scanner, outbound connections, snooping, forging, a fork bomb, fd exhaustion and disk filling', async () => {
    const classDir = join(work, 'class')
    for (const name of ATTACKERS) cpSync(join(HOSTILE, name), join(classDir, name), { recursive: true })
    for (const name of HONEST) cpSync(join(HOSTILE, 'control'), join(classDir, name), { recursive: true })
    rmSync(join(work, 'tmp'), { recursive: true, force: true })
    cpSync(join(HOSTILE, 'control'), join(work, 'tmp', 'placeholder'), { recursive: true }) // TMPDIR must exist

    const canary = await startCanary()
    try {
      const { code, stdout, stderr, ms } = await runGrade(classDir, ['--jobs', '4', '--timeout', '30', '--isolation', 'required'])
      expect(code, stderr).toBe(0)
      expect(stderr).toContain('Isolation: OS sandbox')
      const rows = JSON.parse(stdout) as Row[]
      const byName = new Map(rows.map((row) => [row.learner, row]))
      const describe = (name: string) => JSON.stringify(byName.get(name)?.checks.map((check) => [check.id, check.status, check.message]))

      expect(canary.connections(), 'the canary outside the grader was reached').toBe(0)
      expect(rows.every((row) => row.isolation === 'os-sandbox')).toBe(true)
      for (const name of HONEST) expect(byName.get(name)!.score, describe(name)).toBe(byName.get(name)!.maxScore)
      // Attacks that come to nothing: GET / answers "Hello, World!", never "LEAKED …" (the
      // scanner may still lose the event-loop point: its own scanning blocks its loop).
      expect(stdout.includes('LEAKED'), stdout.split('\n').filter((line) => line.includes('LEAKED')).join('\n')).toBe(false)
      for (const name of ['scanner', 'outbound', 'cross-reader', 'channel-writer']) {
        expect(byName.get(name)!.checks.find((check) => check.id === 'get-root')?.status, `${name}: ${describe(name)}`).toBe('pass')
      }
      for (const name of ['outbound', 'cross-reader', 'channel-writer']) expect(byName.get(name)!.score, `${name}: ${describe(name)}`).toBe(byName.get(name)!.maxScore)
      // Bombs: each is that learner's failure, with a reason.
      for (const name of ['fork-bomb', 'fd-exhauster', 'disk-filler']) expect(byName.get(name)!.score, `${name}: ${describe(name)}`).toBe(0)
      expect(describe('fork-bomb')).toMatch(/not allowed while grading|ERR_ACCESS_DENIED|exited|crashed/)
      expect(describe('disk-filler')).toMatch(/wrote over 128 MiB into its folder|File size limit|SIGXFSZ|exited|crashed/)
      // The forged result on the grader's stdout never arrived: stdout is exactly the results.
      expect(stdout).not.toContain('"score": 999')
      expect(rows).toHaveLength(ATTACKERS.length + HONEST.length)
      expect(ms).toBeLessThan(150_000)

      // Nothing left running, no sandbox left on disk.
      const leftovers = () => ({
        // Only this run's: other tests may be grading at the same time. Every process of a
        // sandbox (bwrap, the relay, the program) names a path inside this run's temporary root.
        processes: execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(join(work, 'tmp'))),
        folders: readdirSync(join(work, 'tmp')).filter((name) => name.startsWith(SANDBOX_PREFIX)),
      })
      const until = Date.now() + 3000
      while (Date.now() < until && (leftovers().processes.length || leftovers().folders.length)) await new Promise((r) => setTimeout(r, 100))
      expect(leftovers()).toEqual({ processes: [], folders: [] })
    } finally {
      canary.close()
    }
  }, 180_000)

  it('without the OS sandbox, the same scanner does reach the canary: the test above can fail', async () => {
    const classDir = join(work, 'scanner-only')
    cpSync(join(HOSTILE, 'scanner'), join(classDir, 'scanner'), { recursive: true })
    mkdirSync(join(work, 'tmp'), { recursive: true })
    const canary = await startCanary()
    try {
      const empty = mkdtempSync(join(work, 'no-bwrap-'))
      const { code, stdout, stderr } = await runGrade(classDir, ['--jobs', '1', '--timeout', '30'], { PATH: empty })
      expect(code, stderr).toBe(0)
      expect(stderr).toContain('Isolation: Node permission model only')
      expect(canary.connections()).toBeGreaterThan(0)
      expect(stdout).toContain('LEAKED')
    } finally {
      canary.close()
    }
  }, 120_000)
})
