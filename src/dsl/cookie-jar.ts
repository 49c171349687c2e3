/**
 * Cookies as a browser keeps them, for checks: `Set-Cookie` parsed as RFC 6265 section 5.2 says
 * a user agent parses it (attributes in any order and case, the last of a name wins, `Max-Age`
 * before `Expires`, the cookie-date algorithm of 5.1.1), and a jar that stores what a response
 * set, forgets what it expired, and writes the `Cookie` header for the next request (5.4).
 * Domains are not modelled: every check talks to one host.
 */
import type { Exchange, ReceivedResponse } from './exchange.ts'
import type { RequestCheck } from './request.ts'

/** One `Set-Cookie` line, parsed. Attribute values are kept as written; names are matched in any case. */
export type SetCookie = {
  name: string
  value: string
  httpOnly: boolean
  secure: boolean
  /** `SameSite` as written (`Lax`, `lax`, …), or null when absent. */
  sameSite: string | null
  /** `Path` as written when it starts with `/`, otherwise null (the default path applies). */
  path: string | null
  domain: string | null
  /** `Max-Age` in seconds when it is a valid integer (RFC 6265 5.2.2), otherwise null. */
  maxAge: number | null
  /** `Expires` parsed with the cookie-date algorithm, or null when absent or unparsable. */
  expires: Date | null
  /** Every attribute by lower-case name (the last one of a name), flags as the empty string. */
  attributes: Record<string, string>
  /** The line as received. */
  raw: string
}

/** Parses one `Set-Cookie` value; null when a browser would ignore it (no `=`, or no name). */
export function parseSetCookie(line: string): SetCookie | null {
  const semicolon = line.indexOf(';')
  const pair = semicolon === -1 ? line : line.slice(0, semicolon)
  const equals = pair.indexOf('=')
  if (equals === -1) return null
  const name = pair.slice(0, equals).trim()
  if (!name) return null
  const cookie: SetCookie = {
    name,
    value: pair.slice(equals + 1).trim(),
    httpOnly: false,
    secure: false,
    sameSite: null,
    path: null,
    domain: null,
    maxAge: null,
    expires: null,
    attributes: {},
    raw: line,
  }
  const rest = semicolon === -1 ? '' : line.slice(semicolon + 1)
  for (const av of rest.split(';')) {
    const at = av.indexOf('=')
    const attribute = (at === -1 ? av : av.slice(0, at)).trim().toLowerCase()
    const value = at === -1 ? '' : av.slice(at + 1).trim()
    if (!attribute) continue
    cookie.attributes[attribute] = value
    switch (attribute) {
      case 'httponly':
        cookie.httpOnly = true
        break
      case 'secure':
        cookie.secure = true
        break
      case 'samesite':
        cookie.sameSite = value
        break
      case 'path':
        cookie.path = value.startsWith('/') ? value : null
        break
      case 'domain':
        cookie.domain = value || null
        break
      case 'max-age':
        // 5.2.2: a DIGIT or "-" first, then digits only; anything else is ignored.
        if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value)
        break
      case 'expires': {
        const date = parseCookieDate(value)
        if (date) cookie.expires = date
        break
      }
    }
  }
  return cookie
}

/**
 * When the cookie expires, in ms since the epoch: `Max-Age` wins over `Expires` (5.3 step 3);
 * 0 or less means "already"; null is a session cookie (kept until the browser closes).
 */
export function expiresAt(cookie: SetCookie, now = Date.now()): number | null {
  if (cookie.maxAge !== null) return cookie.maxAge <= 0 ? -Infinity : now + cookie.maxAge * 1000
  return cookie.expires ? cookie.expires.getTime() : null
}

/** Whether a browser would delete this cookie at once: `Max-Age` ≤ 0, or an `Expires` in the past. */
export function isExpired(cookie: SetCookie, now = Date.now()): boolean {
  const at = expiresAt(cookie, now)
  return at !== null && at <= now
}

/** Every `Set-Cookie` line of a response, parsed (the ones a browser would ignore left out). */
export function setCookies(response: ReceivedResponse): SetCookie[] {
  const lines = response.headers['set-cookie']
  const list = lines === undefined ? [] : Array.isArray(lines) ? lines : [lines]
  return list.flatMap((line) => parseSetCookie(line) ?? [])
}

/** The last `Set-Cookie` of that name in a response (a later one replaces an earlier one), or null. */
export function setCookieNamed(response: ReceivedResponse, name: string): SetCookie | null {
  return setCookies(response).filter((cookie) => cookie.name === name).at(-1) ?? null
}

/**
 * A `Cookie` header from name/value pairs, in order, joined by `separator` (`'; '` as browsers
 * send it; `';'` or `';  '` to try a server's parsing). Values are sent as given, `=` and all.
 */
export function cookieHeader(pairs: ReadonlyArray<readonly [string, string]> | Record<string, string>, separator = '; '): string {
  const list = Array.isArray(pairs) ? pairs : Object.entries(pairs)
  return list.map(([name, value]) => `${name}=${value}`).join(separator)
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * The cookie-date algorithm of RFC 6265 5.1.1: a date from tokens in any order (`Wed, 21 Oct
 * 2015 07:28:00 GMT`, `Thu, 01-Jan-1970 00:00:00 GMT`, `Sun Nov 6 08:49:37 1994`), or null.
 */
export function parseCookieDate(text: string): Date | null {
  let time: [number, number, number] | null = null
  let day: number | null = null
  let month: number | null = null
  let year: number | null = null
  for (const token of text.split(/[\x09\x20-\x2F\x3B-\x40\x5B-\x60\x7B-\x7E]+/)) {
    if (!token) continue
    const hms: RegExpExecArray | null = time === null ? /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D.*)?$/.exec(token) : null
    if (hms) {
      time = [Number(hms[1]), Number(hms[2]), Number(hms[3])]
      continue
    }
    const dayMatch: RegExpExecArray | null = day === null ? /^(\d{1,2})(?:\D.*)?$/.exec(token) : null
    if (dayMatch) {
      day = Number(dayMatch[1])
      continue
    }
    const monthIndex: number = month === null ? MONTHS.indexOf(token.slice(0, 3).toLowerCase()) : -1
    if (monthIndex !== -1) {
      month = monthIndex
      continue
    }
    const yearMatch: RegExpExecArray | null = year === null ? /^(\d{2,4})(?:\D.*)?$/.exec(token) : null
    if (yearMatch) year = Number(yearMatch[1])
  }
  if (time === null || day === null || month === null || year === null) return null
  if (year >= 70 && year <= 99) year += 1900
  else if (year >= 0 && year <= 69) year += 2000
  const [hour, minute, second] = time
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null
  const date = new Date(Date.UTC(year, month, day, hour, minute, second))
  // A day the month does not have (31 February) does not exist: 5.1.1 says to fail.
  return date.getUTCDate() === day ? date : null
}

/** The default path of a cookie set in answer to `requestPath` (RFC 6265 5.1.4). */
export function defaultPath(requestPath: string): string {
  const path = requestPath.split('?')[0] ?? ''
  if (!path.startsWith('/')) return '/'
  const last = path.lastIndexOf('/')
  return last === 0 ? '/' : path.slice(0, last)
}

/** Whether a cookie with `cookiePath` goes with a request for `requestPath` (RFC 6265 5.1.4). */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  const path = requestPath.split('?')[0] || '/'
  if (path === cookiePath) return true
  if (!path.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || path[cookiePath.length] === '/'
}

type Stored = { name: string; value: string; path: string; expiresAt: number | null; created: number; httpOnly: boolean; sameSite: string | null }

/**
 * A browser's cookie store for one host: `store()` what a response set, `header()` or `attach()`
 * what the next request sends. One cookie per name and path, as RFC 6265 keys them.
 */
export class CookieJar {
  #cookies: Stored[] = []
  #clock = 0

  /** Applies every `Set-Cookie` of an exchange's response; returns them as parsed. */
  store(exchange: Exchange): SetCookie[] {
    if (!exchange.response) return []
    const now = Date.now()
    const parsed = setCookies(exchange.response)
    for (const cookie of parsed) {
      const path = cookie.path ?? defaultPath(exchange.request.path)
      const old = this.#cookies.find((stored) => stored.name === cookie.name && stored.path === path)
      this.#cookies = this.#cookies.filter((stored) => stored !== old)
      if (isExpired(cookie, now)) continue // an expired cookie removes the old one and is not stored (5.3 step 11)
      this.#cookies.push({
        name: cookie.name,
        value: cookie.value,
        path,
        expiresAt: expiresAt(cookie, now),
        created: old?.created ?? ++this.#clock,
        httpOnly: cookie.httpOnly,
        sameSite: cookie.sameSite,
      })
    }
    return parsed
  }

  /** Sets a cookie by hand, as a tampering client would. */
  set(name: string, value: string, path = '/'): this {
    this.#cookies = this.#cookies.filter((stored) => !(stored.name === name && stored.path === path))
    this.#cookies.push({ name, value, path, expiresAt: null, created: ++this.#clock, httpOnly: false, sameSite: null })
    return this
  }

  delete(name: string): this {
    this.#cookies = this.#cookies.filter((stored) => stored.name !== name)
    return this
  }

  /** The value a request for `path` would send under `name`, or undefined. */
  get(name: string, path = '/'): string | undefined {
    return this.#sendable(path).find((stored) => stored.name === name)?.value
  }

  /** The `Cookie` header for a request to `path`, or undefined when no cookie goes with it. */
  header(path = '/'): string | undefined {
    const cookies = this.#sendable(path)
    return cookies.length ? cookieHeader(cookies.map((stored) => [stored.name, stored.value] as const)) : undefined
  }

  /** The request with this jar's `Cookie` header for its path (unchanged when there is none). */
  attach(request: RequestCheck): RequestCheck {
    const header = this.header(request.spec.path)
    return header === undefined ? request : request.header('Cookie', header)
  }

  /** Live cookies going with a request for `path`: longer paths first, then older first (5.4 step 2). */
  #sendable(path: string): Stored[] {
    const now = Date.now()
    this.#cookies = this.#cookies.filter((stored) => stored.expiresAt === null || stored.expiresAt > now)
    return this.#cookies
      .filter((stored) => pathMatches(path, stored.path))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
  }
}
