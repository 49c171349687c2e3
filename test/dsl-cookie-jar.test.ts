// Proves the checks' cookie jar reads Set-Cookie as RFC 6265 says a browser does, over a real
// server and socket: attributes in any order and case, Max-Age before Expires, cookie dates in
// their many shapes, paths, deletion, and Cookie headers with several cookies and "=" in values.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CookieJar, cookieHeader, defaultPath, isExpired, parseCookieDate, parseSetCookie, pathMatches, setCookieNamed } from '../src/dsl/cookie-jar.ts'
import { get } from '../src/dsl/request.ts'
import { sendRequest, type Target } from '../src/dsl/send-request.ts'

/** A server that answers each path with the Set-Cookie lines it names, and echoes the Cookie header it got. */
const SET: Record<string, string[]> = {
  '/login': ['session=abc==; hTtPoNlY; Path=/; samesite=LAX', 'theme=dark.sig; Path=/theme; Max-Age=60'],
  '/auth/start': ['flow=1'],
  '/logout': ['session=; Path=/; Max-Age=0'],
  '/logout-expires': ['session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
  '/max-age-wins': ['keep=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=3600'],
  '/other-path': ['session=; Path=/elsewhere; Max-Age=0'],
}
let server: http.Server
let target: Target
const seen: string[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers.cookie ?? '')
    const lines = SET[(req.url ?? '/').split('?')[0]!]
    if (lines) res.setHeader('Set-Cookie', lines)
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  target = { host: '127.0.0.1', port, displayPort: port }
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const send = (path: string, jar?: CookieJar) => {
  const request = jar ? jar.attach(get(path)) : get(path)
  return sendRequest(request.spec, target, false)
}

describe('Set-Cookie, parsed as a browser parses it', () => {
  it('reads attributes in any order and case, and keeps a value holding "="', async () => {
    const exchange = await send('/login')
    const session = setCookieNamed(exchange.response!, 'session')!
    expect(session).toMatchObject({ name: 'session', value: 'abc==', httpOnly: true, secure: false, sameSite: 'LAX', path: '/' })
    expect(setCookieNamed(exchange.response!, 'theme')).toMatchObject({ value: 'dark.sig', path: '/theme', maxAge: 60 })
  })

  it('ignores a line without "=" or without a name, and a Path that does not start with "/"', () => {
    expect(parseSetCookie('novalue; Path=/')).toBeNull()
    expect(parseSetCookie('=abc; Path=/')).toBeNull()
    expect(parseSetCookie('a=1; Path=relative')!.path).toBeNull()
    expect(parseSetCookie('a=1; Max-Age=soon')!.maxAge).toBeNull()
    expect(parseSetCookie('a=1; path=/x; PATH=/y')!.path).toBe('/y')
  })

  it('parses cookie dates in their historical shapes, and refuses impossible ones', () => {
    const epoch = Date.UTC(2015, 9, 21, 7, 28, 0)
    expect(parseCookieDate('Wed, 21 Oct 2015 07:28:00 GMT')!.getTime()).toBe(epoch)
    expect(parseCookieDate('Wednesday, 21-Oct-15 07:28:00 GMT')!.getTime()).toBe(epoch)
    expect(parseCookieDate('Wed Oct 21 07:28:00 2015')!.getTime()).toBe(epoch)
    expect(parseCookieDate('Thu, 01-Jan-1970 00:00:00 GMT')!.getTime()).toBe(0)
    expect(parseCookieDate('31 Feb 2020 00:00:00')).toBeNull()
    expect(parseCookieDate('21 Oct 2015')).toBeNull()
    expect(parseCookieDate('21 Oct 2015 24:00:00')).toBeNull()
  })

  it('expires a cookie with Max-Age=0 or a past Expires, and lets Max-Age win over Expires', () => {
    expect(isExpired(parseSetCookie('a=; Max-Age=0')!)).toBe(true)
    expect(isExpired(parseSetCookie('a=; Max-Age=-1')!)).toBe(true)
    expect(isExpired(parseSetCookie('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT')!)).toBe(true)
    expect(isExpired(parseSetCookie('a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60')!)).toBe(false)
    expect(isExpired(parseSetCookie('a=1')!)).toBe(false)
  })
})

describe('the jar', () => {
  it('sends back what was set, by path, longer paths first, in one Cookie header', async () => {
    const jar = new CookieJar()
    jar.store(await send('/login'))
    expect(jar.header('/me')).toBe('session=abc==')
    expect(jar.header('/theme?x=1')).toBe('theme=dark.sig; session=abc==')
    expect(jar.header('/themes')).toBe('session=abc==')
    await send('/theme', jar)
    expect(seen.at(-1)).toBe('theme=dark.sig; session=abc==')
  })

  it('deletes a cookie expired by Max-Age=0 or a past Expires, only under the same path', async () => {
    for (const path of ['/logout', '/logout-expires']) {
      const jar = new CookieJar()
      jar.store(await send('/login'))
      jar.store(await send('/other-path'))
      expect(jar.get('session')).toBe('abc==')
      jar.store(await send(path))
      expect(jar.get('session')).toBeUndefined()
      expect(jar.header('/me')).toBeUndefined()
    }
    const jar = new CookieJar()
    jar.store(await send('/max-age-wins'))
    expect(jar.get('keep')).toBe('1')
  })

  it('scopes a cookie without Path to the folder of the URL that set it', async () => {
    const jar = new CookieJar()
    jar.store(await send('/auth/start'))
    expect(jar.header('/auth/callback')).toBe('flow=1')
    expect(jar.header('/me')).toBeUndefined()
    expect(defaultPath('/login')).toBe('/')
    expect(defaultPath('/a/b/c?d=/e')).toBe('/a/b')
    expect(pathMatches('/theme/x', '/theme')).toBe(true)
    expect(pathMatches('/themes', '/theme')).toBe(false)
    expect(pathMatches('/theme', '/theme/')).toBe(false)
  })

  it('builds Cookie headers with any separator, values sent as they are', async () => {
    expect(cookieHeader([['a', '1'], ['session', 'x=y'], ['b', '==']])).toBe('a=1; session=x=y; b===')
    expect(cookieHeader({ a: '1', b: '2' }, ';')).toBe('a=1;b=2')
    await sendRequest(get('/').header('Cookie', cookieHeader([['pref', 'x=y'], ['session', 'abc']], ';  ')).spec, target, false)
    expect(seen.at(-1)).toBe('pref=x=y;  session=abc')
  })

  it('lets a check tamper with a cookie by hand', () => {
    const jar = new CookieJar().set('theme', 'dark').set('session', 'forged')
    expect(jar.header('/')).toBe('theme=dark; session=forged')
    expect(jar.delete('theme').header('/')).toBe('session=forged')
  })
})
