/** A lesson result as the learner reads it: a line per check; for a failure, the diagnosis first, then the details. */
import type { CheckResult, ExchangeReport, LessonResult } from '../runner/results.ts'
import { EXPLANATIONS } from './explanations.ts'
import { ui } from './ui.ts'
import { pathAsTyped } from './path-as-typed.ts'

export function formatLessonResult(result: LessonResult, options: { nextCommand?: string } = {}): string {
  const lines = [ui.bold(`Lesson ${result.lesson}: ${result.title}`) + ui.dim(`  (${pathAsTyped(result.file)})`), '']
  for (const check of result.checks) lines.push(...formatCheck(check))
  lines.push('')
  const score = `${result.score}/${result.maxScore} points`
  const passedCount = result.checks.filter((check) => check.status === 'pass').length
  if (result.passed) {
    lines.push(ui.pass(`✔ All ${result.checks.length} checks pass (${score}).`) + (options.nextCommand ? ` Next: ${ui.code(options.nextCommand)}` : ''))
  } else {
    lines.push(ui.fail(`✖ ${passedCount} of ${result.checks.length} checks pass (${score}).`) + ui.dim(` seed ${result.seed}, ${result.durationMs} ms`))
  }
  return lines.join('\n')
}

export function formatCheck(check: CheckResult): string[] {
  const points = ui.dim(`(${check.points}/${check.maxPoints})`)
  if (check.status === 'pass') return [`${ui.tick} ${check.title} ${points}`]
  if (check.status === 'skip') return [`${ui.skipMark} ${check.title} ${ui.skip(`skipped: ${check.message}`)}`]
  const lines = [`${ui.cross} ${ui.bold(check.title)} ${points}`]
  const pad = (text: string) => `    ${text}`
  if (check.diagnosis) {
    const { name, explain } = EXPLANATIONS[check.diagnosis]
    lines.push(pad(ui.diagnosis(`${name} [${check.diagnosis}]`) + (check.where ? ` at ${ui.code(check.where)}` : '')))
    if (check.detail) lines.push(pad(check.detail))
    lines.push(pad(ui.dim(explain)))
  }
  lines.push(pad(check.message))
  if (check.exchange) lines.push(...formatExchange(check.exchange).map(pad))
  if (check.expected !== null && check.actual !== null) {
    lines.push(pad(`${ui.dim('expected:')} ${check.expected}`), pad(`${ui.dim('actual:  ')} ${check.actual}`))
  }
  if (check.curl) lines.push(pad(`${ui.dim('try it:')}  ${ui.code(check.curl)}`))
  lines.push('')
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
