/**
 * Who may talk to the web workbook: only a request for this server by name (its `Host` is
 * `127.0.0.1:<port>` or `localhost:<port>`, which defeats DNS rebinding: a page on another site
 * that resolves its own name to 127.0.0.1 still sends its own name), carrying the random token
 * printed in the URL, or the cookie set from it on the first visit (HttpOnly, SameSite=Strict:
 * no other site's page sends it, and no script can read it). Other local users cannot guess it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export type Admission =
  | { allowed: true; /** the token came in the URL: set the cookie (and drop it from the address) */ fromUrl: boolean }
  | { allowed: false; status: 403 | 421; reason: string }

export type TokenGuard = {
  readonly token: string
  /** Per port: two workbooks served side by side on 127.0.0.1 keep their own cookies. */
  readonly cookieName: string
  admit: (request: IncomingMessage) => Admission
  /** The `Set-Cookie` value that carries the token from now on. */
  cookie: () => string
}

/** 128 bits from the system's random source, URL-safe. */
export function newToken(): string {
  return randomBytes(16).toString('base64url')
}

export function tokenGuard(port: number, token = newToken()): TokenGuard {
  const cookieName = `workbook-${port}`
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const matches = (given: string | undefined) => {
    if (!given) return false
    const a = Buffer.from(given)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }
  return {
    token,
    cookieName,
    cookie: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    admit(request) {
      if (!hosts.has(request.headers.host ?? '')) {
        return { allowed: false, status: 421, reason: `This server answers only as 127.0.0.1:${port} or localhost:${port}.` }
      }
      // A write from a page of another origin (a form posted at us) is refused even with the cookie.
      const origin = request.headers.origin
      if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) {
        return { allowed: false, status: 403, reason: 'Requests from other sites are refused.' }
      }
      const url = new URL(request.url ?? '/', 'http://localhost')
      if (matches(url.searchParams.get('token') ?? undefined)) return { allowed: true, fromUrl: true }
      if (matches(readCookie(request.headers.cookie, cookieName))) return { allowed: true, fromUrl: false }
      return { allowed: false, status: 403, reason: 'This page needs its token: open the address that `npm run lesson -- N --web` printed.' }
    },
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}
