/** A lesson result as the learner reads it: a line per check; for a failure, the diagnosis first, then the details. */
import { basename } from 'node:path'
import type { CheckResult, ExchangeReport, LessonResult } from '../runner/results.ts'
import { groupCauses, type Cause } from './causes.ts'
import { EXPLANATIONS } from './explanations.ts'
import { ui } from './ui.ts'
import { pathAsTyped } from './path-as-typed.ts'
import { formatTimeline } from './timeline-lines.ts'

/** Which checks show their timeline: every one (`--trace`), failures only (`--verbose`), or none. */
export type ShowTimelines = 'all' | 'failures' | 'none'

export function formatLessonResult(result: LessonResult, options: { nextCommand?: string; notGraded?: string[]; timelines?: ShowTimelines } = {}): string {
  const lines = [ui.bold(`Lesson ${result.lesson}: ${result.title}`) + ui.dim(`  (${pathAsTyped(result.file)})`)]
  if (options.notGraded?.length) {
    const names = options.notGraded.map((file) => basename(file)).join(', ')
    lines.push(ui.dim(`  graded ${basename(result.file)}, the one saved last; not graded: ${names}`))
  }
  lines.push('')
  const causes = groupCauses(result.checks)
  // With one cause there is nothing to point at: it follows right below.
  const causeOf = (check: CheckResult) => (causes.length > 1 ? causes.findIndex((cause) => cause.checks.includes(check)) + 1 : 0)
  const timelines = options.timelines ?? 'none'
  for (const check of result.checks) {
    lines.push(formatCheckLine(check, causeOf(check)))
    if (timelines === 'all' && check.timeline?.length) lines.push(...formatTimeline(check.timeline).map((line) => `    ${line}`))
  }
  if (causes.length) lines.push('')
  causes.forEach((cause, index) => lines.push(...formatCause(cause, causes.length > 1 ? index + 1 : null, timelines === 'failures'), ''))
  if (!causes.length) lines.push('')
  const score = `${result.score}/${result.maxScore} points`
  const passedCount = result.checks.filter((check) => check.status === 'pass').length
  if (result.passed) {
    lines.push(ui.pass(`✔ All ${result.checks.length} checks pass (${score}).`) + (options.nextCommand ? ` Next: ${ui.code(options.nextCommand)}` : ''))
  } else {
    lines.push(ui.fail(`✖ ${passedCount} of ${result.checks.length} checks pass (${score}).`) + ui.dim(` seed ${result.seed}, ${result.durationMs} ms`))
  }
  return lines.join('\n')
}

/** One line per check; a failure points at the numbered cause that explains it. */
function formatCheckLine(check: CheckResult, cause: number): string {
  const points = ui.dim(`(${check.points}/${check.maxPoints})`)
  if (check.status === 'pass') return `${ui.tick} ${check.title} ${points}`
  if (check.status === 'skip') return `${ui.skipMark} ${check.title} ${ui.skip(`skipped: ${check.message}`)}`
  return `${ui.cross} ${check.title} ${points}` + (cause ? ui.dim(`  → ${cause}`) : '')
}

/** A cause, once: the diagnosis and where, what was seen, why it matters, then the first failure's exchange. */
export function formatCause(cause: Cause, number: number | null, withTimeline = false): string[] {
  const check = cause.first
  const pad = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n')
  const label = number === null ? '' : `${number}. `
  const count = cause.checks.length > 1 ? ui.dim(`  (fails ${cause.checks.length} checks)`) : ''
  const lines: string[] = []
  if (check.diagnosis) {
    const { name, explain } = EXPLANATIONS[check.diagnosis]
    lines.push(`${label}${ui.diagnosis(`${name} [${check.diagnosis}]`)}${check.where ? ` at ${ui.code(check.where)}` : ''}${count}`)
    lines.push(pad(check.message))
    if (check.detail) lines.push(pad(check.detail))
    lines.push(pad(ui.dim(explain)))
  } else {
    lines.push(`${label}${ui.bold(check.title)}`, pad(check.message))
  }
  if (cause.checks.length > 1) lines.push(pad(ui.dim(`failed: ${cause.checks.map((c) => c.title).join('; ')}`)))
  if (check.exchange) lines.push(...formatExchange(check.exchange).map(pad))
  if (check.transcript?.length) lines.push(pad(ui.dim('conversation:')), ...check.transcript.map((line) => pad(`  ${line}`)))
  if (withTimeline && check.timeline?.length) lines.push(pad(ui.dim('timeline:')), ...formatTimeline(check.timeline).map((line) => pad(`  ${line}`)))
  if (check.expected !== null && check.actual !== null) {
    lines.push(pad(`${ui.dim('expected:')} ${check.expected}`), pad(`${ui.dim('actual:  ')} ${check.actual}`))
  }
  if (check.curl) lines.push(pad(`${ui.dim('try it:')}  ${ui.code(check.curl)}`))
  return lines
}

function formatExchange(exchange: ExchangeReport): string[] {
  const { request, response } = exchange
  const sent = `${ui.dim('sent:')}     ${request.method} ${request.path}` + (request.body !== null ? ` with ${request.bodyBytes} bytes${request.pieces > 1 ? ` in ${request.pieces} pieces` : ''}: ${oneLine(request.body, 120)}` : '')
  if (!response) return [sent, `${ui.dim('received:')} nothing (${exchange.error ?? 'no response'})`]
  const headers = Object.entries(response.headers)
    .filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name))
    .map(([name, value]) => `${name}: ${value}`)
    .join(' | ')
  return [
    sent,
    `${ui.dim('received:')} ${response.status} ${response.statusMessage}${headers ? ui.dim(` | ${headers}`) : ''}`,
    `${ui.dim('body:')}     ${response.bodyBytes ? oneLine(response.body, 200) : ui.dim('(empty)')}`,
  ]
}

const oneLine = (text: string, max: number) => {
  const flat = JSON.stringify(text).slice(1, -1)
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
