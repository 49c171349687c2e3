// Proves the report writers: CSV quoting and formula defusing, JUnit shape and escaping, and an
// HTML page that escapes every learner-controlled string and embeds its data safely.
import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from '../src/grade/csv.ts'
import { toJunit } from '../src/grade/junit.ts'
import { toHtml } from '../src/grade/html.ts'
import { parseLessonNumbers } from '../src/grade/lesson-range.ts'
import { summarize } from '../src/grade/summary.ts'
import type { GradedLesson } from '../src/grade/grade-one.ts'
import type { LessonResult } from '../src/runner/results.ts'

const evil = '<img src=x onerror=alert(1)>"\'&</script>'
const result = (score: number): LessonResult => ({
  lesson: 3, slug: 'request-response', title: 'req & res', passed: score === 2, score, maxScore: 2, durationMs: 5, seed: 1, file: 'x',
  checks: [
    { id: 'a', title: 'first', status: 'pass', points: 1, maxPoints: 1, message: 'passed', diagnosis: null, detail: null, where: null, expected: null, actual: null, exchange: null, curl: null, durationMs: 1 },
    {
      id: 'b', title: 'second', status: score === 2 ? 'pass' : 'fail', points: score - 1, maxPoints: 1, message: `got ${evil}`, diagnosis: 'missing-content-type',
      detail: evil, where: 'server.ts:1:1', expected: 'text/plain', actual: evil, curl: "curl -i 'http://localhost:3000/'", durationMs: 1,
      exchange: { request: { method: 'GET', path: '/', headers: {}, body: null, bodyBytes: 0, pieces: 1 }, response: { status: 200, statusMessage: 'OK', headers: { 'x-evil': evil }, body: evil, bodyBytes: 10 }, error: null, durationMs: 1 },
    },
  ],
})
const graded: GradedLesson[] = [
  { learner: evil, result: result(1) },
  { learner: 'o"neil, jr', result: result(2) },
]
const lessons = [{ number: 3, id: '03-request-response', title: 'req & res' }]

describe('grade reports', () => {
  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('o"neil, jr')).toBe('"o""neil, jr"')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(toCsv(summarize(graded, lessons)).split('\r\n')).toEqual(['learner,03-request-response,total,max', `"${evil.replaceAll('"', '""')}",1,1,2`, '"o""neil, jr",2,2,2', ''])
  })

  it('writes JUnit with a suite per learner × lesson and escaped failures', () => {
    const xml = toJunit(graded)
    expect(xml.match(/<testsuite /g)).toHaveLength(2)
    expect(xml.match(/<testcase /g)).toHaveLength(4)
    expect(xml.match(/<failure /g)).toHaveLength(1)
    expect(xml).not.toContain('<img')
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('escapes every learner string in the HTML and keeps the script block closed', () => {
    const html = toHtml(summarize(graded, lessons), { generatedAt: 'now', seed: 1, durationMs: 10, protections: ['p'], node: 'v20' })
    expect(html).not.toContain('<img src=x')
    expect(html.match(/<\/script>/g)).toHaveLength(2) // the data block and the page's own script
    expect(html).not.toMatch(/<link|<script src|(src|href)=["']?https?:/)
    expect(html).toContain('missing-content-type')
  })

  it('reads lesson ranges and lists', () => {
    expect(parseLessonNumbers('3-5,9, 4')).toEqual([3, 4, 5, 9])
    expect(() => parseLessonNumbers('5-3')).toThrow(/backwards/)
    expect(() => parseLessonNumbers('x')).toThrow(/ranges/)
  })
})
