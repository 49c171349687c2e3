/** junit.xml: a testsuite per learner × lesson, a testcase per check, a failure with its message and details. */
import type { CheckResult } from '../runner/results.ts'
import { escapeMarkup as x } from './escape.ts'
import type { GradedLesson } from './grade-one.ts'

export function toJunit(graded: GradedLesson[]): string {
  const all = graded.flatMap(({ result }) => result.checks)
  const failures = all.filter((check) => check.status === 'fail').length
  const errors = all.filter((check) => check.status === 'error').length
  const suites = graded.map(({ learner, result }) => {
    const failed = result.checks.filter((check) => check.status === 'fail').length
    const errored = result.checks.filter((check) => check.status === 'error').length
    const skipped = result.checks.filter((check) => check.status === 'skip').length
    const cases = result.checks.map((check) => testcase(learner, `${String(result.lesson).padStart(2, '0')}-${result.slug}`, check))
    return (
      `  <testsuite name="${x(`${learner} / ${String(result.lesson).padStart(2, '0')}-${result.slug}`)}" tests="${result.checks.length}" failures="${failed}" errors="${errored}" skipped="${skipped}" time="${seconds(result.durationMs)}">\n` +
      `    <properties><property name="learner" value="${x(learner)}"/><property name="score" value="${result.score}"/><property name="maxScore" value="${result.maxScore}"/><property name="seed" value="${result.seed}"/></properties>\n` +
      cases.join('') +
      '  </testsuite>\n'
    )
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workbook grades" tests="${all.length}" failures="${failures}" errors="${errors}">\n${suites.join('')}</testsuites>\n`
}

function testcase(learner: string, lessonId: string, check: CheckResult): string {
  const open = `    <testcase classname="${x(`${learner}.${lessonId}`)}" name="${x(`${check.title} (${check.points}/${check.maxPoints})`)}" time="${seconds(check.durationMs)}"`
  if (check.status === 'pass') return `${open}/>\n`
  if (check.status === 'skip') return `${open}><skipped message="${x(check.message)}"/></testcase>\n`
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
  return `${open}>\n      <${tag} message="${x(check.message)}" type="${x(check.diagnosis ?? 'check-failed')}">${x(details.join('\n'))}</${tag}>\n    </testcase>\n`
}

const seconds = (ms: number) => (ms / 1000).toFixed(3)
