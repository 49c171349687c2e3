// Proves the per-lesson deadline: a program that spins forever is stopped when the lesson's time
// is up, graded zero with the reason, and neither its processes nor its sandbox outlive it; a
// program cut off half-way keeps the points of the checks it had passed by then.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { gradeOne } from '../src/grade/grade-one.ts'
import { DEFAULT_LIMITS, SANDBOX_PREFIX } from '../src/grade/sandbox.ts'

const ROOT = join(import.meta.dirname, '..')
const temp = mkdtempSync(join(tmpdir(), 'grade-deadline-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('the per-lesson deadline', () => {
  it('stops a spinning program at the deadline and leaves nothing behind', async () => {
    const lesson = findLesson(loadLessons(), '3')
    const started = Date.now()
    const { result } = await gradeOne({ name: 'spinner', dir: join(ROOT, 'test/fixtures/class/hostile/spinner') }, lesson, {
      seed: 1,
      limits: { ...DEFAULT_LIMITS, lessonTimeoutMs: 3000 },
      tempRoot: temp,
    })
    expect(Date.now() - started).toBeLessThan(8000)
    expect(result.score).toBe(0)
    // Its first request is caught as an endless loop; the deadline ends the restarts that follow.
    expect(result.checks[0]!.diagnosis).toBe('blocked-event-loop')
    expect(result.checks.at(-1)!.message).toBe('grading stopped after 3 s (the lesson\'s time limit) before this check was judged')
    const until = Date.now() + 5000
    const left = () => ({
      processes: execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(temp)),
      folders: readdirSync(temp).filter((name) => name.startsWith(SANDBOX_PREFIX)),
    })
    while (Date.now() < until && (left().processes.length || left().folders.length)) await new Promise((r) => setTimeout(r, 100))
    expect(left()).toEqual({ processes: [], folders: [] })
  }, 30_000)

  it('keeps the checks that passed before the deadline', async () => {
    const lesson = findLesson(loadLessons(), '3')
    // GET / is right; every other request is never answered, and an interval keeps the program
    // busy (so nothing tells the runner early that no answer can come): each later check waits
    // out its deadline.
    const dir = join(temp, 'half', 'exercises', lesson.id)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'server.ts'),
      "import http from 'node:http'\nhttp.createServer((req, res) => {\n  if (req.url === '/') { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('Hello, World!') }\n}).listen(3000)\nsetInterval(() => {}, 1000)\n",
    )
    const { result } = await gradeOne({ name: 'half', dir: join(temp, 'half') }, lesson, { seed: 1, limits: { ...DEFAULT_LIMITS, lessonTimeoutMs: 7000 }, tempRoot: temp })
    expect(result.checks[0]).toMatchObject({ id: 'get-root', status: 'pass', points: 1 })
    expect(result.score).toBe(1)
    expect(result.maxScore).toBe(6)
    expect(result.checks.map((c) => c.id)).toEqual(['get-root', 'get-countdown', 'countdown-chunked', 'echo-get', 'echo-other-method', 'event-loop'])
    expect(result.checks.at(-1)).toMatchObject({ id: 'event-loop', status: 'fail', message: expect.stringMatching(/^grading stopped after 7 s/) })
  }, 30_000)
})
