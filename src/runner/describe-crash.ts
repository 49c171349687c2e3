/**
 * A crash in the learner's terms: a syntax error at their file:line:column with the lines
 * around it, a runtime error with the names they wrote (not the compiled ones, such as
 * `import_node_http.default.creatServer`) and only their own stack frames.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { escapeRegExp } from '../dsl/escape-regexp.ts'
import type { SourceLocation } from '../probe/events.ts'

export type Crash = { name: string; message: string; stack: string; where: SourceLocation | null }
export type CrashReport = { error: string; where: string | null; frame: string | null }

/** esbuild's "Transform failed with 1 error:\n/path/server.ts:8:4: ERROR: Expected ")" but found "return"" */
const TRANSFORM_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m

export function describeCrash(crash: Crash, exerciseDir: string): CrashReport {
  const syntax = crash.name === 'TransformError' || crash.message.startsWith('Transform failed') ? TRANSFORM_ERROR.exec(crash.message) : null
  if (syntax) {
    const [, file, line, column, text] = syntax
    // esbuild counts columns from 0; editors count from 1.
    const at = { file: file!, line: Number(line), column: Number(column) + 1 }
    return { error: `SyntaxError: ${text}`, where: shortWhere(at, exerciseDir), frame: codeFrame(at) }
  }
  const sourceLine = crash.where ? linesOf(crash.where.file)?.[crash.where.line - 1] ?? null : null
  const message = `${crash.name}: ${learnerNames(crash.message, sourceLine)}`
  const frames = ownFrames(crash.stack, exerciseDir)
  const frame = crash.where ? codeFrame(crash.where) : null
  return {
    error: message,
    where: crash.where ? shortWhere(crash.where, exerciseDir) : null,
    frame: [frame, ...frames].filter(Boolean).join('\n') || null,
  }
}

/** `import_node_http.default.creatServer is not a function` → `http.creatServer is not a function`, from the line the learner wrote. */
export function learnerNames(message: string, sourceLine: string | null): string {
  return message.replace(/\bimport_[\w$]+(?:\.default)?\.([\w$]+)/g, (_compiled, member: string) => {
    const written = sourceLine ? new RegExp(`([\\w$]+)\\s*\\.\\s*${escapeRegExp(member)}\\b`).exec(sourceLine) : null
    return written ? `${written[1]}.${member}` : member
  })
}

/** The stack's frames in the learner's folder after the first (the frame shows that one), as `at server.ts:25:2`. */
function ownFrames(stack: string, exerciseDir: string): string[] {
  // Function names are left out: after compiling they are often not the learner's (`at http (…)`).
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && line.includes(exerciseDir) && !line.includes('node_modules'))
    .map((line) => /\(?(?:file:\/\/)?([^()\s]+:\d+:\d+)\)?$/.exec(line.trim())?.[1] ?? line.trim())
    .map((location) => `  at ${relative(exerciseDir, location)}`)
    .slice(1)
}

function shortWhere(at: SourceLocation, exerciseDir: string): string {
  const file = isAbsolute(at.file) ? relative(exerciseDir, at.file) : at.file
  return `${file}:${at.line}:${at.column}`
}

function linesOf(file: string): string[] | null {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)
  } catch {
    return null
  }
}

/** Two lines either side of the one at fault, a `>` on it and a caret under its column. */
export function codeFrame(at: SourceLocation, exerciseDir = ''): string | null {
  const lines = linesOf(isAbsolute(at.file) || !exerciseDir ? at.file : join(exerciseDir, at.file))
  if (!lines || at.line < 1 || at.line > lines.length) return null
  const first = Math.max(1, at.line - 2)
  const last = Math.min(lines.length, at.line + 2)
  const width = String(last).length
  const out: string[] = []
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1]!.replace(/\t/g, '  ')
    out.push(`${n === at.line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`.trimEnd())
    if (n === at.line && at.column > 0) out.push(`  ${' '.repeat(width)} | ${' '.repeat(at.column - 1)}^`)
  }
  return out.join('\n')
}
