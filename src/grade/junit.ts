/**
 * junit.xml: a testsuite per learner × lesson, a testcase per check, a failure with its message and
 * details. Names stay the same from run to run (a CI's history of a test follows its name): the
 * points go in properties, never in a name.
 */
import type { CheckResult } from '../runner/results.ts'
import { escapeXmlAttribute as x, escapeXmlText } from './escape.ts'
import type { GradedLesson } from './grade-one.ts'

export function toJunit(graded: GradedLesson[]): string {
  const all = graded.flatMap(({ result }) => result.checks)
  const failures = all.filter((check) => check.status === 'fail').length
  const errors = all.filter((check) => check.status === 'error').length
  const skipped = all.filter((check) => check.status === 'skip').length
  const suites = graded.map(({ learner, result, missing }) => {
    const failed = result.checks.filter((check) => check.status === 'fail').length
    const errored = result.checks.filter((check) => check.status === 'error').length
    const skipped = result.checks.filter((check) => check.status === 'skip').length
    const lessonId = `${String(result.lesson).padStart(2, '0')}-${result.slug}`
    const cases = result.checks.map((check) => testcase(learner, lessonId, check))
    const properties = [
      ['learner', learner], ['score', result.score], ['maxScore', result.maxScore], ['seed', result.seed], ...(missing ? [['missing', missing]] : []),
    ]
    return (
      `  <testsuite name="${x(`${learner} / ${lessonId}`)}" tests="${result.checks.length}" failures="${failed}" errors="${errored}" skipped="${skipped}" time="${seconds(result.durationMs)}">\n` +
      `    <properties>${properties.map(([name, value]) => `<property name="${name}" value="${x(value)}"/>`).join('')}</properties>\n` +
      cases.join('') +
      '  </testsuite>\n'
    )
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workbook grades" tests="${all.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('')}</testsuites>\n`
}

function testcase(learner: string, lessonId: string, check: CheckResult): string {
  const open = `    <testcase classname="${x(`${learner}.${lessonId}`)}" name="${x(check.title)}" time="${seconds(check.durationMs)}">\n`
  const properties = `      <properties><property name="id" value="${x(check.id)}"/><property name="points" value="${check.points}"/><property name="maxPoints" value="${check.maxPoints}"/></properties>\n`
  const close = '    </testcase>\n'
  if (check.status === 'pass') return open + properties + close
  if (check.status === 'skip') return `${open}${properties}      <skipped message="${x(check.message)}"/>\n${close}`
  const tag = check.status === 'error' ? 'error' : 'failure'
  const details = [
    check.diagnosis ? `diagnosis: ${check.diagnosis}${check.where ? ` at ${check.where}` : ''}` : null,
    check.detail,
    check.exchange ? `sent: ${check.exchange.request.method} ${check.exchange.request.path}` : null,
    check.exchange?.response ? `received: ${check.exchange.response.status} ${check.exchange.response.statusMessage}\n${check.exchange.response.body.slice(0, 2000)}` : null,
    check.transcript?.length ? `conversation:\n${check.transcript.join('\n')}` : null,
    check.expected !== null ? `expected: ${check.expected}` : null,
    check.actual !== null ? `actual: ${check.actual}` : null,
    check.curl ? `try it: ${check.curl}` : null,
  ].filter((line): line is string => line !== null)
  return `${open}${properties}      <${tag} message="${x(check.message)}" type="${x(check.diagnosis ?? 'check-failed')}">${escapeXmlText(details.join('\n'))}</${tag}>\n${close}`
}

const seconds = (ms: number) => (ms / 1000).toFixed(3)
