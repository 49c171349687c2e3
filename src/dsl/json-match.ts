/**
 * JSON compared as values: key order and whitespace never matter; extra object keys are allowed
 * unless `exact`. An expected value may be a matcher (`anyNumber()`, `satisfies(...)`) where the
 * contract fixes a kind of value rather than one value.
 */
const MATCHER = Symbol('json-matcher')

export type Matcher = { [MATCHER]: true; description: string; test: (value: unknown) => boolean }

export function satisfies(description: string, test: (value: unknown) => boolean): Matcher {
  return { [MATCHER]: true, description, test }
}
export const anyNumber = (min = -Infinity) =>
  satisfies(min === -Infinity ? 'a number' : `a number ≥ ${min}`, (v) => typeof v === 'number' && Number.isFinite(v) && v >= min)
export const anyString = () => satisfies('a string', (v) => typeof v === 'string')
export const nonEmptyString = () => satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0)
export const positiveInteger = () => satisfies('a positive integer', (v) => Number.isInteger(v) && (v as number) > 0)

const isMatcher = (value: unknown): value is Matcher => typeof value === 'object' && value !== null && MATCHER in value

/** Where `actual` first departs from `expected`, or null when it matches. */
export type JsonMismatch = { path: string; expected: string; actual: string }

export function matchJson(actual: unknown, expected: unknown, exact = false, path = '$'): JsonMismatch | null {
  if (isMatcher(expected)) {
    return expected.test(actual) ? null : { path, expected: expected.description, actual: show(actual) }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected: `an array (${show(expected)})`, actual: show(actual) }
    if (actual.length !== expected.length) {
      return { path, expected: `${expected.length} item(s): ${show(expected)}`, actual: `${actual.length} item(s): ${show(actual)}` }
    }
    for (let i = 0; i < expected.length; i++) {
      const mismatch = matchJson(actual[i], expected[i], exact, `${path}[${i}]`)
      if (mismatch) return mismatch
    }
    return null
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return { path, expected: `an object (${show(expected)})`, actual: show(actual) }
    }
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return { path: `${path}.${key}`, expected: show(value), actual: 'no such key' }
      const mismatch = matchJson((actual as Record<string, unknown>)[key], value, exact, `${path}.${key}`)
      if (mismatch) return mismatch
    }
    if (exact) {
      const extra = Object.keys(actual).filter((key) => !(key in expected))
      if (extra.length) return { path, expected: `only the keys ${Object.keys(expected).join(', ')}`, actual: `also ${extra.join(', ')}` }
    }
    return null
  }
  return Object.is(actual, expected) ? null : { path, expected: show(expected), actual: show(actual) }
}

/** A short, readable rendering of a JSON value (matchers by their description). */
export function show(value: unknown, max = 200): string {
  const text =
    value === undefined
      ? 'undefined'
      : JSON.stringify(value, (_key, inner: unknown) => (isMatcher(inner) ? `<${inner.description}>` : inner)) ?? String(value)
  return text.length > max ? `${text.slice(0, max)}…` : text
}
