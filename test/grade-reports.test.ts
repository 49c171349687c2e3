// Proves the report writers: CSV quoting, formula defusing, maxima and a byte order mark; an HTML
// page that escapes every learner-controlled string, shows a lesson not handed in once, and lists
// wrong answers (junit.xml: grade-junit.test.ts).
import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from '../src/grade/csv.ts'
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
    expect(toCsv(summarize(graded, lessons)).split('\r\n')).toEqual([
      '\uFEFFlearner,03-request-response,total,max',
      'Points Possible,2,2,2',
      `"${evil.replaceAll('"', '""')}",1,1,2`,
      '"o""neil, jr",2,2,2',
      '',
    ])
  })

  it('starts the CSV with a UTF-8 byte order mark, so a spreadsheet keeps "Zoë"', () => {
    const csv = Buffer.from(toCsv(summarize([{ learner: 'Zoë', result: result(2) }], lessons)), 'utf8')
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.toString('utf8')).toContain('\r\nZoë,2,2,2\r\n')
  })

  it('shows a lesson not handed in once, apart from failed attempts, and lists wrong answers with no diagnosis', () => {
    const wrong = result(1)
    wrong.checks[1] = { ...wrong.checks[1]!, diagnosis: null }
    const missing: GradedLesson = {
      learner: 'mia', missing: 'no folder for lesson 03-request-response',
      result: { ...result(0), checks: result(0).checks.map((c) => ({ ...c, status: 'fail' as const, points: 0, message: 'no folder for lesson 03-request-response', diagnosis: null })) },
    }
    const summary = summarize([{ learner: 'ben', result: wrong }, missing], lessons)
    expect(summary.failedChecks).toEqual([{ lesson: 3, id: 'b', title: 'second', learners: 1, names: ['ben'], diagnoses: [] }])
    const html = toHtml(summary, { generatedAt: 'now', seed: 1, durationMs: 10, protections: ['p'], node: 'v20' })
    // Once each in the cell's title, the line under mia and the cell's panel data: not once per check.
    expect(html.match(/no folder for lesson 03-request-response/g)).toHaveLength(3)
    expect(html).toContain('<td class="cell missing"')
    expect(html).toContain('1 lesson(s) not handed in')
    expect(html).toContain('<h2>Checks most failed</h2>')
    expect(html).toContain('none: wrong answer')
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
