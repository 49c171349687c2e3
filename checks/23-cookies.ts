/**
 * Lesson 23: cookies. A session cookie from POST /login, read back by GET /me, forgotten by
 * POST /logout; and a theme cookie signed with HMAC-SHA256. The checks read `Set-Cookie` as a
 * browser does (src/dsl/cookie-jar.ts: attributes in any order and case, `Max-Age` before
 * `Expires`) and send `Cookie` headers as browsers and tampering clients do. Session ids are
 * judged from a dozen of them, by how many characters change and from which alphabet
 * (src/dsl/token-entropy.ts), never by the source that made them. The theme signature is
 * computed here with the COOKIE_SECRET the program is given.
 */
import { createHmac } from 'node:crypto'
import {
  anyString,
  CookieJar,
  cookieHeader,
  defineChecks,
  estimateTokenEntropy,
  flow,
  get,
  isExpired,
  post,
  setCookieNamed,
  type Exchange,
  type HttpCheckContext,
  type ProgramView,
  type SetCookie,
} from '../src/dsl/index.ts'

/** The secret the program is started with; the checks sign with it too. */
const SECRET = 'lesson-23-checker-secret-7c1f0e9a4b'
/** Logins whose ids are judged together: enough that no truly random position stays constant by chance. */
const ID_SAMPLES = 12
const MIN_BITS = 128

const NOT_LOGGED_IN = { error: 'Not logged in' }
const EXPECTED_COOKIE = 'Set-Cookie: session=<id>; HttpOnly; SameSite=Lax; Path=/'

const sign = (value: string, secret = SECRET) => createHmac('sha256', secret).update(value).digest('base64url')
const signed = (value: string) => `${value}.${sign(value)}`

type Login = { exchange: Exchange; cookie: SetCookie; id: string }

/** POST /login as `user` (with a Cookie header when given): 204 and a session cookie, or a failure saying what is missing. */
async function login(t: HttpCheckContext, user: string, cookie?: string, program: ProgramView = t): Promise<Login> {
  let request = post('/login').json({ user }).expectStatus(204)
  if (cookie !== undefined) request = request.header('Cookie', cookie)
  const exchange = await program.send(request)
  const found = setCookieNamed(exchange.response!, 'session')
  if (!found) {
    const others = exchange.response!.headers['set-cookie']
    t.fail(
      others === undefined
        ? 'POST /login answered 204 without a Set-Cookie header: the browser has nothing to send back, so nobody stays logged in. Set `Set-Cookie: session=<id>; HttpOnly; SameSite=Lax; Path=/`'
        : 'POST /login set no cookie named "session" (the name before the first `=` of Set-Cookie)',
      { expected: EXPECTED_COOKIE, actual: others === undefined ? 'no Set-Cookie header' : `Set-Cookie: ${[others].flat().join(' | ')}`, exchange },
    )
  }
  if (!found.value) t.fail('POST /login set an empty session cookie (`session=`): the value must be the new session id', { expected: EXPECTED_COOKIE, actual: `Set-Cookie: ${found.raw}`, exchange })
  return { exchange, cookie: found, id: found.value }
}

/** GET /me with exactly this Cookie header (none when undefined). */
function me(cookie: string | undefined) {
  const request = get('/me')
  return cookie === undefined ? request : request.header('Cookie', cookie)
}

/** GET /me must answer 401 {"error":"Not logged in"}; `why` says what was sent, `advice` what to change. */
async function expectNotLoggedIn(t: HttpCheckContext, cookie: string | undefined, why: string, advice = '', program: ProgramView = t) {
  const exchange = await program.exchange(me(cookie))
  const response = exchange.response
  if (!response) return t.fail(`GET /me ${why}: no complete response (${exchange.error?.message ?? 'nothing came back'})`, { expected: '401', actual: exchange.error?.message ?? 'no response', exchange })
  if (response.status !== 401) {
    t.fail(`GET /me ${why} answered ${response.status}; expected 401 {"error":"Not logged in"}${advice ? `. ${advice}` : ''}`, { expected: '401 {"error":"Not logged in"}', actual: `${response.status} ${response.body.toString('utf8').slice(0, 200)}`, exchange })
  }
  await program.send(me(cookie).expectStatus(401).expectJson(NOT_LOGGED_IN))
}

/** A same-length id with one character changed, in the same class (digit, lower, upper), mid-way. */
function altered(id: string): string {
  const at = Math.floor(id.length / 2)
  const character = id[at]!
  const next = /[0-8]/.test(character) ? String(Number(character) + 1)
    : character === '9' ? '0'
    : /[a-y]/.test(character) ? String.fromCharCode(character.charCodeAt(0) + 1)
    : character === 'z' ? 'a'
    : /[A-Y]/.test(character) ? String.fromCharCode(character.charCodeAt(0) + 1)
    : character === 'Z' ? 'A'
    : character === '-' ? '_' : '-'
  return id.slice(0, at) + next + id.slice(at + 1)
}

/** What is wrong with the session cookie's attributes, one sentence each. */
function attributeProblems(cookie: SetCookie): string[] {
  const problems: string[] = []
  if (!cookie.httpOnly) problems.push('it has no HttpOnly: add `HttpOnly`, so that scripts in the page (`document.cookie`, an injected script) cannot read the session id')
  if (cookie.sameSite === null) problems.push('it has no SameSite: add `SameSite=Lax`, so that the browser does not send it with requests other sites start (a form posted from another site)')
  else if (cookie.sameSite.toLowerCase() !== 'lax') problems.push(`it has SameSite=${cookie.sameSite}: this lesson asks for \`SameSite=Lax\``)
  if (cookie.path === null) {
    problems.push(cookie.attributes.path === undefined
      ? 'it has no Path: add `Path=/`, or the browser scopes it to the folder of the URL that set it'
      : `its Path "${cookie.attributes.path}" does not start with "/": use \`Path=/\``)
  } else if (cookie.path !== '/') problems.push(`it has Path=${cookie.path}: use \`Path=/\` so that it goes with every request to the site (GET /me, POST /logout)`)
  if (isExpired(cookie)) problems.push('it expires at once (`Max-Age=0` or an `Expires` in the past): the browser deletes it as it arrives')
  return problems
}

/** Why a theme cookie's value differs from `value.<HMAC-SHA256 in base64url>`, as a hint. */
function signatureHint(value: string, actual: string): string {
  const expected = sign(value)
  const dot = actual.lastIndexOf('.')
  if (dot === -1) return `it has no "." and signature after "${value}"`
  const [got, signature] = [actual.slice(0, dot), actual.slice(dot + 1)]
  if (got !== value) return `the part before the last "." is "${got}", not "${value}"`
  const bytes = createHmac('sha256', SECRET).update(value).digest()
  if (signature === bytes.toString('base64') || signature === bytes.toString('base64').replace(/=+$/, '')) return 'the signature is in base64 (with "=" padding, and "+" "/" where base64url has "-" "_"): use base64url, `digest(\'base64url\')`'
  if (signature === `${expected}=`) return 'the signature ends with "=" padding: base64url here has none (`digest(\'base64url\')` leaves it out)'
  if (signature === bytes.toString('hex')) return 'the signature is in hex: use base64url, `digest(\'base64url\')`'
  return 'the signature is not HMAC-SHA256 of the value with COOKIE_SECRET: `createHmac(\'sha256\', process.env.COOKIE_SECRET).update(value).digest(\'base64url\')` (the value alone, not "theme=…")'
}

/** GET /theme with this Cookie header must answer 200 {"theme": expected}; `advice` says what to change otherwise. */
async function expectTheme(t: HttpCheckContext, cookie: string | undefined, expected: 'dark' | 'light', why: string, advice = '', program: ProgramView = t) {
  let request = get('/theme')
  if (cookie !== undefined) request = request.header('Cookie', cookie)
  const exchange = await program.send(request.expectStatus(200).expectJson({ theme: anyString() }))
  const theme = (exchange.body as { theme: unknown }).theme
  if (theme !== expected) {
    t.fail(`GET /theme ${why} answered {"theme":${JSON.stringify(theme)}}; expected {"theme":"${expected}"}${advice ? `. ${advice}` : ''}`, { expected: `{"theme":"${expected}"}`, actual: `{"theme":${JSON.stringify(theme)}}`, exchange })
  }
}

/** GET /theme?set=value: 204 and the theme cookie, returned parsed. */
async function setTheme(t: HttpCheckContext, value: 'dark' | 'light', jar?: CookieJar, program: ProgramView = t): Promise<{ exchange: Exchange; cookie: SetCookie }> {
  const request = get(`/theme?set=${value}`).expectStatus(204)
  const exchange = await program.send(jar ? jar.attach(request) : request)
  jar?.store(exchange)
  const cookie = setCookieNamed(exchange.response!, 'theme')
  if (!cookie) {
    t.fail(`GET /theme?set=${value} set no cookie named "theme"`, { expected: `Set-Cookie: theme=${value}.<signature>`, actual: [exchange.response!.headers['set-cookie'] ?? 'no Set-Cookie header'].flat().join(' | '), exchange })
  }
  return { exchange, cookie }
}

export default defineChecks({
  lesson: 23,
  slug: 'cookies',
  env: { COOKIE_SECRET: SECRET },
  checks: [
    flow('session-cookie', 'POST /login → 204 with Set-Cookie: session=<id>; HttpOnly; SameSite=Lax; Path=/ (any order, any case)', async (t) => {
      const { exchange, cookie } = await login(t, t.random.name())
      const problems = attributeProblems(cookie)
      if (problems.length) t.fail(`the session cookie is not safe yet: ${problems.join('; ')}`, { expected: EXPECTED_COOKIE, actual: `Set-Cookie: ${cookie.raw}`, exchange })
    }),

    flow('login-400', 'POST /login without a non-empty string "user" (or not JSON) → 400', async (t) => {
      const bodies: [string, string][] = [
        ['{}', 'no "user"'],
        ['{"user":""}', 'an empty user'],
        ['{"user":42}', 'a number as user'],
        ['{"user":["Ada"]}', 'an array as user'],
        ['null', 'JSON null'],
        ['{"user":', 'broken JSON'],
      ]
      for (const [body, what] of bodies) {
        const exchange = await t.exchange(post('/login').bytes(body, 'application/json'))
        const status = exchange.response?.status
        if (status !== 400) {
          t.fail(`POST /login with ${what} (${body}) answered ${status ?? exchange.error?.code ?? 'nothing'}; expected 400`, { expected: '400', actual: String(status ?? exchange.error?.message), exchange })
        }
      }
    }),

    flow('session-id-random', `session ids carry at least ${MIN_BITS} random bits and differ on every login`, async (t) => {
      const logins: Login[] = []
      for (let i = 0; i < ID_SAMPLES; i++) logins.push(await login(t, t.random.name()))
      const ids = logins.map((one) => one.id)
      const estimate = estimateTokenEntropy(ids)
      const last = logins.at(-1)!.exchange
      if (estimate.repeated !== null) {
        t.fail(`two logins got the same session id (${estimate.repeated}): every login needs a new, random id`, { expected: `${ID_SAMPLES} different ids`, actual: ids.join(', '), exchange: last })
      }
      if (estimate.uuid) {
        t.fail(`the session ids are UUIDs (${ids[0]}): a version 4 UUID carries 122 random bits, fewer than the ${MIN_BITS} asked for. Use \`crypto.randomBytes(32).toString('base64url')\` (256 bits)`, { expected: `≥ ${MIN_BITS} random bits`, actual: '122 bits (UUID)', exchange: last })
      }
      if (estimate.bits < MIN_BITS) {
        const sample = ids.slice(0, 3).join(', ')
        t.fail(
          `the session ids carry about ${estimate.bits} random bits (${estimate.changingPositions} of their ${estimate.length} characters change, ${estimate.alphabet} at ${estimate.bitsPerCharacter.toFixed(2)} bits each): ` +
            `at least ${MIN_BITS} are needed so that nobody can guess a live one. Use \`crypto.randomBytes(32).toString('base64url')\` (256 bits; hex of 16 bytes is the minimum), never Math.random(), a counter or the time`,
          { expected: `≥ ${MIN_BITS} random bits, e.g. 32 hex or 22 base64url characters`, actual: `about ${estimate.bits} bits: ${sample}`, exchange: last },
        )
      }
    }),

    flow('me-logged-in', 'GET /me with the session cookie → 200 {"user": …}, each session its own user', async (t) => {
      const [first, second] = [t.random.name(), `${t.random.name()} ${t.random.word()}`]
      const alice = new CookieJar()
      const bob = new CookieJar()
      alice.store((await login(t, first)).exchange)
      bob.store((await login(t, second)).exchange)
      await t.send(alice.attach(me(undefined)).expectStatus(200).expectJson({ user: first }))
      await t.send(bob.attach(me(undefined)).expectStatus(200).expectJson({ user: second }))
    }),

    flow('me-401', 'GET /me without a session, or with an unknown or altered id → 401 {"error":"Not logged in"}', async (t) => {
      const { id } = await login(t, t.random.name())
      await expectNotLoggedIn(t, undefined, 'with no Cookie header')
      await expectNotLoggedIn(t, 'session=', 'with an empty session cookie')
      await expectNotLoggedIn(t, `session=${'0f'.repeat(32)}`, 'with an id the server never issued')
      await expectNotLoggedIn(t, `session=${altered(id)}`, 'with a real id that had one character changed')
      await expectNotLoggedIn(t, `session=${id.slice(0, -1)}`, 'with a real id missing its last character', 'Look ids up exactly (sessions.get(id)), not by prefix')
      await expectNotLoggedIn(t, `session=${id}0`, 'with a real id plus one character', 'Look ids up exactly (sessions.get(id)), not by prefix')
    }),

    flow('cookie-parsing', 'the Cookie header is parsed properly: several cookies, any order, optional spaces, values holding "="', async (t) => {
      const user = t.random.name()
      const { id } = await login(t, user)
      const split = 'Split the header at ";", trim each pair, and split each pair at its FIRST "=" only'
      const ok: [string, string, string][] = [
        [cookieHeader([['a', '1'], ['session', id], ['b', '2']]), 'among other cookies', split],
        [cookieHeader([['session', id], ['a', '1']], ';'), 'first, with no space after ";"', `${split} (the space after ";" is optional)`],
        [cookieHeader([['pref', 'x=y'], ['session', id]], ';  '), 'after a cookie whose value holds "=", two spaces after ";"', split],
        [cookieHeader([['data', 'eyJ1Ijoi=='], ['session', id], ['z', 'a=b=c']]), 'between cookies whose values hold "=" and "=="', split],
        [cookieHeader([['note', 'session=forged'], ['session', id]]), 'after a cookie whose value is "session=forged"', 'Another cookie\'s value may hold "session=": parse the header into names and values instead of searching it for "session="'],
      ]
      for (const [header, where, advice] of ok) {
        const exchange = await t.exchange(me(header))
        if (exchange.response?.status !== 200) {
          t.fail(`GET /me with the session cookie ${where} answered ${exchange.response?.status ?? exchange.error?.code ?? 'nothing'}; expected 200. ${advice}`, {
            expected: `200 {"user":${JSON.stringify(user)}}`,
            actual: String(exchange.response?.status ?? exchange.error?.message),
            exchange,
          })
        }
        await t.send(me(header).expectStatus(200).expectJson({ user }))
      }
      await expectNotLoggedIn(t, `session=${id}=x`, `with "session=${id}=x"`, `A value runs up to the next ";", "=" included, so this id is "${id}=x", one the server never issued: split each pair at its first "=" (indexOf), not with split('=')`)
      await expectNotLoggedIn(t, cookieHeader([['mysession', id], ['a', '1']]), 'with the id under the name "mysession"', 'Only a cookie named exactly "session" counts: parse the header into names and values instead of searching it for "session="')
    }),

    flow('login-new-id', 'a login made with a session cookie gets a new id, and the old id stops working (no session fixation)', async (t) => {
      const [first, second, third] = [t.random.name(), t.random.name(), t.random.name()]
      const before = await login(t, first)
      const after = await login(t, second, `session=${before.id}`)
      if (after.id === before.id) {
        t.fail('a login sent with an existing session cookie kept that id: whoever knew the id before the login (say, someone who planted it) is now logged in too. Make a new id on every login', { expected: 'a new session id', actual: `the same id: ${after.id}`, exchange: after.exchange })
      }
      await expectNotLoggedIn(t, `session=${before.id}`, 'with the id from before a second login', 'The old id must stop working: delete the old session when you make the new one')
      await t.send(me(`session=${after.id}`).expectStatus(200).expectJson({ user: second }))

      const planted = 'a1'.repeat(32)
      const fixed = await login(t, third, `session=${planted}`)
      if (fixed.id === planted) {
        t.fail('a login sent with a session id the server never issued adopted it: an attacker who plants a cookie in a victim\'s browser then shares the victim\'s session. Ignore the incoming id and make a new one', { expected: 'a new session id', actual: `the planted id: ${planted}`, exchange: fixed.exchange })
      }
      await expectNotLoggedIn(t, `session=${planted}`, 'with an id planted before a login', 'An id the server did not make must never become a session')
    }),

    flow('logout-expires-cookie', 'POST /logout → 204 with a Set-Cookie that expires the session cookie (Max-Age=0 or a past Expires)', async (t) => {
      const jar = new CookieJar()
      jar.store((await login(t, t.random.name())).exchange)
      const exchange = await t.send(jar.attach(post('/logout')).expectStatus(204))
      const cookie = setCookieNamed(exchange.response!, 'session')
      const fix = 'answer with `Set-Cookie: session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`'
      if (!cookie) return t.fail(`POST /logout sent no Set-Cookie for "session": the browser keeps sending the old cookie. To delete it, ${fix}`, { expected: 'Set-Cookie: session=; …; Max-Age=0', actual: [exchange.response!.headers['set-cookie'] ?? 'no Set-Cookie header'].flat().join(' | '), exchange })
      if (!isExpired(cookie)) {
        t.fail(`the Set-Cookie of POST /logout does not expire the cookie (no Max-Age=0 and no Expires in the past), so the browser keeps it: ${fix}`, { expected: 'Max-Age=0 or an Expires in the past', actual: `Set-Cookie: ${cookie.raw}`, exchange })
      }
      jar.store(exchange)
      if (jar.get('session', '/me') !== undefined) {
        t.fail(`the expiring Set-Cookie of POST /logout has Path=${cookie.path ?? '(the default)'}, not the session cookie's Path=/: a browser deletes only the cookie with the same name and path`, { expected: 'Path=/', actual: `Set-Cookie: ${cookie.raw}`, exchange })
      }
    }),

    flow('logout-forgets-session', 'after POST /logout the old id is dead on the server (401), and other sessions live on', async (t) => {
      const leaving = await login(t, t.random.name())
      const otherUser = t.random.name()
      const staying = await login(t, otherUser)
      await t.send(post('/logout').header('Cookie', `session=${leaving.id}`).expectStatus(204))
      await expectNotLoggedIn(
        t,
        `session=${leaving.id}`,
        'with the id of a session that logged out (sent again, as anyone who copied it could)',
        'Expiring the cookie only asks the browser to forget it; the session survives on the server. Delete it there too, e.g. `sessions.delete(id)`',
      )
      await t.send(me(`session=${staying.id}`).expectStatus(200).expectJson({ user: otherUser }))
    }),

    flow('theme-default', 'GET /theme without a theme cookie → 200 {"theme":"light"}', async (t) => {
      await expectTheme(t, undefined, 'light', 'with no Cookie header')
    }),

    flow('theme-signed', 'GET /theme?set=dark|light → 204 with theme=<value>.<HMAC-SHA256 of the value, base64url>', async (t) => {
      for (const value of ['dark', 'light'] as const) {
        const { exchange, cookie } = await setTheme(t, value)
        if (cookie.value !== signed(value)) {
          t.fail(`GET /theme?set=${value} set theme=${cookie.value}; ${signatureHint(value, cookie.value)}`, { expected: `theme=${signed(value)}`, actual: `theme=${cookie.value}`, exchange })
        }
      }
    }),

    flow('theme-read-back', 'GET /theme reads the signed cookie back: dark after set=dark, light after set=light', async (t) => {
      const jar = new CookieJar()
      jar.store((await login(t, t.random.name())).exchange) // a session cookie rides along, as in a browser
      await setTheme(t, 'dark', jar)
      await expectTheme(t, jar.header('/theme'), 'dark', `with the cookies set so far (${jar.header('/theme')})`)
      await expectTheme(t, cookieHeader([['theme', signed('dark')], ['x', 'y=z']], ';'), 'dark', `with "theme=${signed('dark')};x=y=z"`, 'A cookie signed as the lesson says must be accepted: the value before the last ".", and after it HMAC-SHA256 of that value with COOKIE_SECRET, in base64url without padding')
      await setTheme(t, 'light', jar)
      await expectTheme(t, jar.header('/theme'), 'light', 'after set=light')
    }),

    flow('theme-tampered', 'a theme cookie whose value or signature was altered is ignored (light)', async (t) => {
      const good = sign('dark')
      const middle = Math.floor(good.length / 2)
      const flipped = good.slice(0, middle) + (good[middle] === 'A' ? 'B' : 'A') + good.slice(middle + 1)
      const forged: [string, string][] = [
        ['dark', 'no signature at all'],
        ['dark.', 'an empty signature'],
        [`dark.${sign('light')}`, 'the signature of "light" on the value "dark"'],
        [`dark.${flipped}`, 'one character of the signature changed'],
        [`dark.${sign('dark', 'not-the-secret')}`, 'a signature made with another secret'],
        [`dark.${good.slice(0, -1)}`, 'a signature one character short'],
        [`dark.${good}A`, 'a signature one character long'],
      ]
      for (const [value, what] of forged) {
        await expectTheme(t, `theme=${value}`, 'light', `with a forged cookie (${what}: theme=${value})`, 'A cookie whose signature is not exactly HMAC-SHA256 of its value must be ignored: recompute the signature and compare (crypto.timingSafeEqual, after checking the lengths are equal)')
      }
    }),

    flow('theme-secret-random', 'without COOKIE_SECRET each start signs with a random secret of its own', async (t) => {
      // Two copies at once (spawn() leaves out a variable whose value is undefined: that is how it is removed).
      const copies = await Promise.all([0, 1].map(() => t.start({ env: { COOKIE_SECRET: undefined } as unknown as Record<string, string> })))
      const signatures: string[] = []
      for (const copy of copies) {
        if (!copy.listening) t.fail('a copy of the program started without COOKIE_SECRET never listened', { expected: 'a listening server', actual: 'no listen()' })
        const jar = new CookieJar()
        const { cookie } = await setTheme(t, 'dark', jar, copy)
        await expectTheme(t, jar.header('/theme'), 'dark', 'of a copy started without COOKIE_SECRET, with the cookie it had just set,', 'Without COOKIE_SECRET, pick one random secret at start-up and use it for every signature of that run', copy)
        signatures.push(cookie.value)
      }
      if (signatures[0] === signatures[1]) {
        t.fail(`two starts without COOKIE_SECRET signed "dark" the same way (${signatures[0]}): the fallback secret is fixed, so anyone who reads the code can sign cookies. Use \`process.env.COOKIE_SECRET || crypto.randomBytes(32).toString('hex')\``, { expected: 'a different signature per start', actual: signatures.join(' and ') })
      }
    }),
  ],
})
