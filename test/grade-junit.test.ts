// Proves junit.xml as a CI tool reads it, through a strict XML parser: well formed whatever the
// learners wrote; `tests`, `failures`, `errors` and `skipped` of every testsuite and of the
// testsuites agree with the results; each testcase carries the one outcome of its check, with
// the learner's awkward text back exactly as it was; names that do not change with the score.
import { describe, expect, it } from 'vitest'
import { toJunit } from '../src/grade/junit.ts'
import type { GradedLesson } from '../src/grade/grade-one.ts'
import type { CheckResult, CheckStatus, LessonResult } from '../src/runner/results.ts'
import { parseJunit, type JunitCounts } from './junit-xml.ts'

// Markup, both quotes, an entity, a CDATA end, a comment, line breaks and a tab, a right-to-left
// name, an emoji beyond the BMP: all must come back as written.
const awkward = `<img src=x onerror=alert(1)>"'&amp;]]><!-- x -->\r\nline two\tZoë 名前 שלום 🙂</script>`
// Characters XML 1.0 cannot hold at all: dropped, never written raw.
const unwritable = '\u0000\u0001\u001b\uFFFE'

function check(id: string, status: CheckStatus, text = ''): CheckResult {
  const failed = status === 'fail' || status === 'error'
  return {
    id, title: `${id} ${text}`.trim(), status, points: status === 'pass' ? 1 : 0, maxPoints: 1,
    message: status === 'pass' ? 'passed' : `${status}: ${text}`,
    diagnosis: failed ? 'missing-content-type' : null, detail: failed ? `detail ${text}` : null, where: failed ? 'server.ts:3:7' : null,
    expected: failed ? 'text/plain' : null, actual: failed ? `actual ${text}` : null, exchange: null, curl: failed ? "curl -i 'http://localhost:3000/'" : null,
    durationMs: 12,
  }
}

function lesson(checks: CheckResult[]): LessonResult {
  const score = checks.reduce((sum, c) => sum + c.points, 0)
  return { lesson: 3, slug: 'request-response', title: 'req & res', passed: score === checks.length, score, maxScore: checks.length, durationMs: 1234, seed: 7, file: 'server.ts', checks }
}

const graded: GradedLesson[] = [
  { learner: awkward, result: lesson([check('a', 'pass'), check('b', 'fail', awkward), check('c', 'error', awkward), check('d', 'skip', awkward), check('e', 'fail', unwritable)]) },
  { learner: 'o"neil, jr', result: lesson([check('a', 'pass'), check('b', 'pass'), check('c', 'skip', 'not run'), check('d', 'skip', 'not run'), check('e', 'pass')]) },
  { learner: 'mia', missing: 'no folder for lesson 03-request-response', result: lesson([check('a', 'fail', 'no folder'), check('b', 'fail', 'no folder')]) },
]

/** The text as XML can hold it: what the reader gets back. */
const writable = (text: string) => [...text].filter((char) => !unwritable.includes(char)).join('')

const countsOf = (checks: { status: CheckStatus }[]): JunitCounts => ({
  tests: checks.length,
  failures: checks.filter((c) => c.status === 'fail').length,
  errors: checks.filter((c) => c.status === 'error').length,
  skipped: checks.filter((c) => c.status === 'skip').length,
})
const OUTCOME_TAG = { pass: null, fail: 'failure', error: 'error', skip: 'skipped' } as const

describe('junit.xml', () => {
  const xml = toJunit(graded)
  const report = parseJunit(xml)

  it('counts tests, failures, errors and skipped at both levels as the results say', () => {
    expect(report.counts).toEqual(countsOf(graded.flatMap((g) => g.result.checks)))
    expect(report.counts).toEqual({ tests: 12, failures: 4, errors: 1, skipped: 3 })
    expect(report.suites.map((suite) => suite.counts)).toEqual(graded.map((g) => countsOf(g.result.checks)))
    // What a reader tallies from the testcases themselves agrees with the attributes.
    for (const suite of report.suites) {
      const tally = (tag: string) => suite.cases.filter((c) => c.outcome?.tag === tag).length
      expect(suite.counts).toEqual({ tests: suite.cases.length, failures: tally('failure'), errors: tally('error'), skipped: tally('skipped') })
    }
  })

  it('gives each check its testcase and its one outcome, with the learner\'s text back exactly', () => {
    expect(report.suites.map((suite) => suite.name)).toEqual([`${awkward} / 03-request-response`, 'o"neil, jr / 03-request-response', 'mia / 03-request-response'])
    graded.forEach(({ learner, result }, s) => {
      const suite = report.suites[s]!
      expect(suite.properties).toMatchObject({ learner, score: String(result.score), maxScore: String(result.maxScore), seed: '7' })
      expect(suite.cases).toHaveLength(result.checks.length)
      result.checks.forEach((c, i) => {
        const testcase = suite.cases[i]!
        expect(testcase.classname).toBe(`${learner}.03-request-response`)
        expect(testcase.name).toBe(writable(c.title))
        expect(testcase.time).toBe('0.012')
        expect(testcase.properties).toEqual({ id: c.id, points: String(c.points), maxPoints: '1' })
        expect(testcase.outcome?.tag ?? null).toBe(OUTCOME_TAG[c.status])
        if (c.status === 'pass') return
        expect(testcase.outcome!.message).toBe(writable(c.message))
        if (c.status === 'skip') return
        expect(testcase.outcome!.type).toBe('missing-content-type')
        expect(testcase.outcome!.text).toBe(
          writable(`diagnosis: missing-content-type at server.ts:3:7\n${c.detail}\nexpected: text/plain\nactual: ${c.actual}\ntry it: curl -i 'http://localhost:3000/'`),
        )
      })
    })
    expect(report.suites[0]!.cases[1]!.outcome!.message).toBe(`fail: ${awkward}`)
    expect(report.suites[2]!.properties.missing).toBe('no folder for lesson 03-request-response')
  })

  it('writes no character XML cannot hold', () => {
    const forbidden = [...xml].filter((char) => {
      const code = char.codePointAt(0)!
      return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0xfffe || code === 0xffff
    })
    expect(forbidden).toEqual([])
    expect(report.suites[0]!.cases[4]!.outcome!.message).toBe('fail: ')
  })

  it('keeps test names the same whatever the score: the points are properties', () => {
    const names = (checks: CheckResult[]) =>
      parseJunit(toJunit([{ learner: 'ada', result: lesson(checks) }])).suites.flatMap((suite) => suite.cases.map((c) => `${c.classname}/${c.name} ${c.properties.points}`))
    const failing = names([check('first', 'pass'), { ...check('second', 'fail'), title: 'second' }])
    const passing = names([check('first', 'pass'), { ...check('second', 'pass'), title: 'second' }])
    expect(failing).toEqual(['ada.03-request-response/first 1', 'ada.03-request-response/second 0'])
    expect(passing).toEqual(['ada.03-request-response/first 1', 'ada.03-request-response/second 1'])
  })

  it('counts zeros for a class that passed everything', () => {
    const all = parseJunit(toJunit([{ learner: 'ada', result: lesson([check('a', 'pass'), check('b', 'pass')]) }]))
    expect(all.counts).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 0 })
    expect(all.suites[0]!.cases.map((c) => c.outcome)).toEqual([null, null])
  })
})
