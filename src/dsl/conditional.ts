/**
 * Conditional requests as data (RFC 9110 §8.8 and §13): entity tags parsed and compared as the
 * RFC says, the `If-*` header values a check sends, HTTP dates, and the expectations a validator
 * must meet. `get(path).headers(ifNoneMatch(etag, weak(other)))` sends a list; `strongEtag()` and
 * `httpDateHeader('last-modified')` are expectations like any other.
 */
import { headerValue, type ReceivedResponse } from './exchange.ts'
import type { Expectation } from './expectations.ts'

/** An entity tag: `W/"abc"` is `{ weak: true, opaque: 'abc' }` (the opaque part without its quotes). */
export type EntityTag = { weak: boolean; opaque: string }

/** etagc = %x21 / %x23-7E / obs-text: any visible character but the double quote, no spaces. */
const ETAGC = /^[\x21\x23-\x7e\x80-\xff]*$/

/** One entity tag exactly (`"abc"` or `W/"abc"`), or null when the text is not one. */
export function parseEntityTag(text: string): EntityTag | null {
  const weak = text.startsWith('W/')
  const quoted = weak ? text.slice(2) : text
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return null
  const opaque = quoted.slice(1, -1)
  return ETAGC.test(opaque) ? { weak, opaque } : null
}

export const formatEntityTag = (tag: EntityTag) => `${tag.weak ? 'W/' : ''}"${tag.opaque}"`

/**
 * The value of `If-Match` or `If-None-Match`: `*`, or its entity tags in order. Commas inside a
 * tag's quotes belong to the tag; empty members (`"a", , "b"`) are skipped, as RFC 9110 §5.6.1
 * asks of a recipient. Null when a member is not an entity tag.
 */
export function parseEntityTagList(value: string): '*' | EntityTag[] | null {
  if (value.trim() === '*') return '*'
  const tags: EntityTag[] = []
  let at = 0
  while (at < value.length) {
    const char = value[at]!
    if (char === ' ' || char === '\t' || char === ',') {
      at++
      continue
    }
    const open = value.startsWith('W/"', at) ? at + 2 : char === '"' ? at : -1
    if (open < 0) return null
    const close = value.indexOf('"', open + 1)
    if (close < 0) return null
    const tag = parseEntityTag(value.slice(at, close + 1))
    if (!tag) return null
    tags.push(tag)
    at = close + 1
    // A member ends at a comma (or the end), with only spaces before it.
    while (at < value.length && (value[at] === ' ' || value[at] === '\t')) at++
    if (at < value.length && value[at] !== ',') return null
  }
  return tags
}

/** Strong comparison (RFC 9110 §8.8.3.2): both strong, same opaque tag. What `If-Match` uses. */
export const strongMatch = (a: EntityTag, b: EntityTag) => !a.weak && !b.weak && a.opaque === b.opaque
/** Weak comparison: the same opaque tag, `W/` or not on either side. What `If-None-Match` uses. */
export const weakMatch = (a: EntityTag, b: EntityTag) => a.opaque === b.opaque

/**
 * Whether `If-Match: value` holds for a resource whose current tag is `current` (null when it has
 * no current representation): `*` holds for any, a list when one of its tags matches strongly.
 * A server that finds it false must not perform the method (`412`). RFC 9110 §13.1.1.
 */
export function ifMatchHolds(value: string, current: EntityTag | null): boolean {
  const list = parseEntityTagList(value)
  if (list === null || current === null) return false
  return list === '*' || list.some((tag) => strongMatch(tag, current))
}

/**
 * Whether `If-None-Match: value` holds: false (so a GET gets `304`) when the resource exists and
 * the value is `*`, or one of its tags matches weakly. RFC 9110 §13.1.2.
 */
export function ifNoneMatchHolds(value: string, current: EntityTag | null): boolean {
  const list = parseEntityTagList(value)
  if (list === null || current === null) return true
  return !(list === '*' || list.some((tag) => weakMatch(tag, current)))
}

// ── what a check sends ──

/** `"abc"` → `W/"abc"` (a tag already weak stays as it is). */
export const weak = (tag: string) => (tag.startsWith('W/') ? tag : `W/${tag}`)

/** Request headers `If-None-Match: <tags, joined by separator>`; `*` alone is a tag too. */
export const ifNoneMatch = (tags: string | string[], separator = ', ') => ({ 'If-None-Match': [tags].flat().join(separator) })
/** Request headers `If-Match: <tags, joined by separator>`. */
export const ifMatch = (tags: string | string[], separator = ', ') => ({ 'If-Match': [tags].flat().join(separator) })
/** Request headers `If-Modified-Since: <HTTP date of ms>`. */
export const ifModifiedSince = (ms: number) => ({ 'If-Modified-Since': httpDate(ms) })

// ── HTTP dates (RFC 9110 §5.6.7) ──

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const IMF_FIXDATE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/

/** The IMF-fixdate a sender must write: `Sun, 06 Nov 1994 08:49:37 GMT` (whole seconds; `toUTCString()`). */
export const httpDate = (ms: number) => new Date(wholeSecond(ms)).toUTCString()

/**
 * The time of an IMF-fixdate in ms, or null for anything else: an ISO date, a local time, a day
 * name that does not fit the date, the obsolete forms no sender may write any more.
 */
export function parseHttpDate(text: string): number | null {
  const match = IMF_FIXDATE.exec(text)
  if (!match) return null
  const [, day, date, month, year, hours, minutes, seconds] = match
  const ms = Date.UTC(Number(year), MONTHS.indexOf(month!), Number(date), Number(hours), Number(minutes), Number(seconds))
  const check = new Date(ms)
  // Date.UTC rolls "31 Feb" over to March and 25:00 into the next day; an HTTP date never does.
  if (check.getUTCDate() !== Number(date) || check.getUTCHours() !== Number(hours) || Number(minutes) > 59 || Number(seconds) > 60) return null
  return DAYS[check.getUTCDay()] === day ? ms : null
}

/** The start of the second `ms` falls in: the resolution of every HTTP date. */
export const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000

/**
 * Waits until the clock has passed the second of `ms` (never more than a second), so that a
 * change made afterwards has a later HTTP date than one made at `ms`.
 */
export function nextSecondAfter(ms: number): Promise<void> {
  const wait = wholeSecond(ms) + 1000 - Date.now()
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000) + 5)) : Promise.resolve()
}

// ── expectations ──

/** Why an ETag header value is not a strong entity tag, or null when it is one. */
export function strongEtagProblem(value: string | undefined): string | null {
  if (value === undefined) return 'no ETag header'
  const tag = parseEntityTag(value.trim())
  if (tag && !tag.weak) return null
  if (tag?.weak) return `ETag: ${value} is weak (W/): If-Match compares strongly, so a client sending it back in If-Match could never update; send the tag without W/`
  if (!value.includes('"')) return `ETag: ${value} has no double quotes, and they are part of an entity tag: send ETag: "${value}"`
  return `ETag: ${value} is not an entity tag: one pair of double quotes around visible characters (no spaces, no quotes inside), W/ in front only for a weak one`
}

/** A strong `ETag` header: `"…"`, quoted, no `W/`. */
export function strongEtag(): Expectation {
  return {
    kind: 'strong-etag',
    describe: 'a strong ETag ("…")',
    evaluate: (response) => {
      const value = headerValue(response, 'etag')
      const problem = strongEtagProblem(value)
      return problem === null ? null : { message: `expected a strong ETag: ${problem}`, expected: 'ETag: "<opaque tag>"', actual: value === undefined ? 'no ETag header' : `ETag: ${value}` }
    },
  }
}

/** An `ETag` header equal to `tag`, character for character. */
export function etagIs(tag: string, why = ''): Expectation {
  return {
    kind: 'etag',
    describe: `ETag: ${tag}`,
    evaluate: (response) => {
      const value = headerValue(response, 'etag')?.trim()
      if (value === tag) return null
      const got = value === undefined ? 'no ETag header' : `ETag: ${value}`
      return { message: `expected ETag: ${tag}${why ? ` (${why})` : ''}, got ${got}`, expected: `ETag: ${tag}`, actual: got }
    },
  }
}

/** Why a date header is not an HTTP date, or null when it is one. */
export function httpDateProblem(name: string, value: string | undefined): string | null {
  if (value === undefined) return `no ${name} header`
  if (parseHttpDate(value.trim()) !== null) return null
  return `${name}: ${value} is not an HTTP date: write it as Sun, 06 Nov 1994 08:49:37 GMT (new Date(ms).toUTCString() does)`
}

/** A header holding an HTTP date in the form a sender must write (IMF-fixdate). */
export function httpDateHeader(name: string): Expectation {
  return {
    kind: 'http-date',
    describe: `${name}: an HTTP date`,
    evaluate: (response: ReceivedResponse) => {
      const value = headerValue(response, name)
      const problem = httpDateProblem(name, value)
      return problem === null ? null : { message: `expected ${problem}`, expected: `${name}: <day>, DD Mon YYYY HH:MM:SS GMT`, actual: value === undefined ? `no ${name} header` : `${name}: ${value}` }
    },
  }
}
