/**
 * Named expectations on one exchange. Each is data (a kind and a description, listable) plus
 * the function that compares; a mismatch says what was expected and what came back.
 */
import { readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { isAbsolute, join } from 'node:path'
import { bodyText, headerValue, mediaType, type Exchange, type ReceivedResponse } from './exchange.ts'
import { matchJson, show } from './json-match.ts'
import type { DiagnosisCode } from './diagnosis-codes.ts'

export type Mismatch = { message: string; expected: string; actual: string; diagnosis?: DiagnosisCode }

/** What an expectation may need besides the exchange: the folder the program runs in (its files). */
export type JudgeContext = { folder: string }

export type Expectation = {
  kind: string
  describe: string
  evaluate: (response: ReceivedResponse, exchange: Exchange, context?: JudgeContext) => Mismatch | null
}

/**
 * RFC 9110's names where Node 20, 22 and 24 still write the older RFC 7231 ones (`STATUS_CODES`):
 * the lessons teach these names (lesson 07: 413 Content Too Large; lesson 08: 422).
 */
const RFC_9110_NAMES: Record<number, string> = { 413: 'Content Too Large', 422: 'Unprocessable Content' }

/** `404 "Not Found"`: the code and its name, or the code alone when it has none. */
export function statusLabel(code: number): string {
  const name = RFC_9110_NAMES[code] ?? STATUS_CODES[code]
  return name ? `${code} "${name}"` : String(code)
}
const orList = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : items[0] ?? '')

export function status(...codes: number[]): Expectation {
  const expected = orList(codes.map(statusLabel))
  return {
    kind: 'status',
    describe: `status ${expected}`,
    evaluate: (response) =>
      codes.includes(response.status)
        ? null
        : { message: `expected status ${expected}, got ${statusLabel(response.status)}`, expected, actual: statusLabel(response.status) },
  }
}

export function header(name: string, value: string | RegExp): Expectation {
  const expected = typeof value === 'string' ? value : String(value)
  return {
    kind: 'header',
    describe: `header ${name}: ${expected}`,
    evaluate: (response) => {
      const actual = headerValue(response, name)
      const ok = actual !== undefined && (typeof value === 'string' ? actual.trim() === value : value.test(actual))
      return ok ? null : { message: `expected header ${name}: ${expected}, got ${actual === undefined ? 'no such header' : actual}`, expected: `${name}: ${expected}`, actual: actual === undefined ? `no ${name} header` : `${name}: ${actual}` }
    },
  }
}

export function headerPresent(name: string): Expectation {
  return {
    kind: 'header-present',
    describe: `a ${name} header`,
    evaluate: (response) =>
      headerValue(response, name) !== undefined ? null : { message: `expected a ${name} header, got none`, expected: `a ${name} header`, actual: `no ${name} header` },
  }
}

export function headerAbsent(name: string): Expectation {
  return {
    kind: 'header-absent',
    describe: `no ${name} header`,
    evaluate: (response) => {
      const actual = headerValue(response, name)
      return actual === undefined ? null : { message: `expected no ${name} header, got ${name}: ${actual}`, expected: `no ${name} header`, actual: `${name}: ${actual}` }
    },
  }
}

/** A comma-separated header list that holds every item, in any order and any case. */
export function headerList(name: string, items: string[]): Expectation {
  return {
    kind: 'header-list',
    describe: `${name} listing ${items.join(', ')}`,
    evaluate: (response) => {
      const actual = headerValue(response, name)
      const have = new Set((actual ?? '').split(',').map((item) => item.trim().toLowerCase()))
      const missing = items.filter((item) => !have.has(item.toLowerCase()))
      return missing.length === 0
        ? null
        : { message: `expected ${name} to list ${items.join(', ')}; ${missing.join(', ')} missing`, expected: `${name}: ${items.join(', ')}`, actual: actual === undefined ? `no ${name} header` : `${name}: ${actual}` }
    },
  }
}

/** The media type, parameters (`; charset=utf-8`) ignored. */
export function contentType(...types: string[]): Expectation {
  const expected = orList(types)
  return {
    kind: 'content-type',
    describe: `Content-Type ${expected}`,
    evaluate: (response) => {
      const actual = mediaType(response)
      if (actual !== undefined && types.some((type) => type.toLowerCase() === actual)) return null
      const hasBody = response.body.length > 0
      return {
        message: `expected Content-Type ${expected}, got ${actual ?? 'none'}`,
        expected: `Content-Type: ${expected}`,
        actual: actual === undefined ? 'no Content-Type header' : `Content-Type: ${headerValue(response, 'content-type')}`,
        ...(hasBody ? { diagnosis: actual === undefined ? 'missing-content-type' : 'wrong-content-type' } : {}),
      }
    },
  }
}

export function body(expected: string): Expectation {
  return {
    kind: 'body',
    describe: `body ${show(expected)}`,
    evaluate: (response) => {
      const actual = bodyText(response)
      return actual === expected ? null : { message: `expected body ${show(expected)}, got ${show(actual)}`, expected: show(expected), actual: show(actual) }
    },
  }
}

export function bodyIncludes(text: string): Expectation {
  return {
    kind: 'body-includes',
    describe: `body containing ${show(text)}`,
    evaluate: (response) => {
      const actual = bodyText(response)
      return actual.includes(text) ? null : { message: `expected the body to contain ${show(text)}, got ${show(actual)}`, expected: `…${text}…`, actual: show(actual) }
    },
  }
}

export function emptyBody(): Expectation {
  return {
    kind: 'empty-body',
    describe: 'an empty body',
    evaluate: (response) =>
      response.body.length === 0 ? null : { message: `expected an empty body, got ${response.body.length} bytes`, expected: 'no body', actual: show(bodyText(response)) },
  }
}

export function bodyBytes(expected: Buffer, label: string): Expectation {
  return {
    kind: 'body-bytes',
    describe: `the bytes of ${label}`,
    evaluate: (response) => sameBytes(response.body, expected, label),
  }
}

/**
 * The bytes of a file of the program's own folder (`public/style.css`), read when the response is
 * judged: the file as it is then, whatever the learner (or a check's setup) put there.
 */
export function bodyFile(path: string): Expectation {
  return {
    kind: 'body-bytes',
    describe: `the bytes of ${path}`,
    evaluate: (response, _exchange, context) => {
      const file = isAbsolute(path) || !context ? path : join(context.folder, path)
      let expected: Buffer
      try {
        expected = readFileSync(file)
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message
        return { message: `expected the bytes of ${path}, but ${path} could not be read (${why}): is it still in your exercise folder?`, expected: `the bytes of ${path}`, actual: `${response.body.length} bytes` }
      }
      return sameBytes(response.body, expected, path)
    },
  }
}

function sameBytes(actual: Buffer, expected: Buffer, label: string): Mismatch | null {
  if (actual.equals(expected)) return null
  const at = firstDifference(actual, expected)
  return { message: `expected the ${expected.length} bytes of ${label}, got ${actual.length} bytes (first difference at byte ${at})`, expected: `${expected.length} bytes`, actual: `${actual.length} bytes` }
}

/** JSON compared as a value (extra keys allowed unless `exact`). */
export function json(expected: unknown, exact = false): Expectation {
  return {
    kind: exact ? 'exact-json' : 'json',
    describe: `JSON ${show(expected)}`,
    evaluate: (response) => {
      const text = bodyText(response)
      let actual: unknown
      try {
        actual = JSON.parse(text)
      } catch {
        return { message: `expected JSON ${show(expected)}, got a body that is not JSON: ${show(text)}`, expected: show(expected), actual: show(text) }
      }
      const mismatch = matchJson(actual, expected, exact)
      if (!mismatch) return null
      const where = mismatch.path === '$' ? '' : ` at ${mismatch.path}`
      return { message: `expected JSON ${show(expected)}, got ${show(actual)} (${mismatch.expected} expected${where}, got ${mismatch.actual})`, expected: show(expected), actual: show(actual) }
    },
  }
}

/**
 * Anything else, as a predicate that returns null when fine or a sentence saying what is wrong;
 * with `diagnosis`, a wrong answer also names the mistake it shows (`path-traversal`).
 */
export function satisfy(describe: string, test: (response: ReceivedResponse, exchange: Exchange) => string | null, diagnosis?: DiagnosisCode): Expectation {
  return {
    kind: 'satisfies',
    describe,
    evaluate: (response, exchange) => {
      const problem = test(response, exchange)
      return problem === null ? null : { message: `expected ${describe}: ${problem}`, expected: describe, actual: problem, ...(diagnosis ? { diagnosis } : {}) }
    },
  }
}

function firstDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i
  return length
}
