/**
 * Lesson 21: validators and conditional requests. Articles 1..5 with a strong ETag and
 * Cache-Control: no-cache; If-None-Match (alone, in a list, W/, *) answered 304 with no body and
 * the same ETag; PUT with If-Match compared strongly (lists and * too), a stale tag refused with
 * 412 and nothing changed; the list with a Last-Modified in whole seconds and If-Modified-Since;
 * HEAD like GET without a body. Every check reads the article's current state first, so they run
 * in any order against one program. The only wait is for the next second before a change whose
 * date a check compares (at most one second, and none when that second has already passed).
 */
import {
  anyString,
  defineChecks,
  flow,
  get,
  head,
  headerValue,
  httpDate,
  httpDateProblem,
  ifMatch,
  ifModifiedSince,
  ifNoneMatch,
  mediaType,
  nextSecondAfter,
  parseHttpDate,
  put,
  show,
  strongEtagProblem,
  weak,
  wholeSecond,
} from '../src/dsl/index.ts'
import type { Exchange, HttpCheckContext, RequestCheck } from '../src/dsl/index.ts'

type Article = { id: number; title: string; body: string }
const IDS = [1, 2, 3, 4, 5]

const answerOf = (exchange: Exchange) => (exchange.response ? `${exchange.response.status}` : `no answer (${exchange.error?.code ?? 'none'})`)

/** `GET /articles/3 with If-None-Match: "a", "b"`: the request as the learner should read it. */
function describe(request: RequestCheck): string {
  const conditions = Object.entries(request.spec.headers).filter(([name]) => name.toLowerCase().startsWith('if-'))
  const body = request.spec.body ? ` ${request.spec.body.toString('utf8')}` : ''
  return `${request.spec.method} ${request.spec.path}${body}${conditions.length ? ` with ${conditions.map(([name, value]) => `${name}: ${value}`).join(' and ')}` : ''}`
}

/** A title no program can know in advance, with characters outside ASCII. */
const newTitle = (t: HttpCheckContext) => `${t.random.pick(['Notes on', 'Why', 'Against', 'In praise of'])} ${t.random.word()} ${t.random.int(1, 9999)} — ${t.random.name()}`
const newBody = (t: HttpCheckContext) => `${t.random.word()} ${t.random.word()}, ${t.random.int(1, 99)} × ${t.random.word()} (édition ${t.random.int(2, 9)})`
/** An ETag no program sends for these articles. */
const staleTag = (t: HttpCheckContext) => `"stale-${t.random.word()}-${t.random.int(1000, 9999)}"`
const someId = (t: HttpCheckContext) => t.random.pick(IDS)

/** The ETag of a 200, which must be strong; fails saying what to change. */
function strongEtagOf(t: HttpCheckContext, exchange: Exchange, what: string): string {
  const value = headerValue(exchange.response!, 'etag')
  const problem = strongEtagProblem(value)
  if (problem === null) return value!.trim()
  return t.fail(
    value === undefined
      ? `${what} answered without an ETag: send one with the article, a strong tag that changes whenever its content does (a hash of the JSON you send, in double quotes), so that clients can revalidate with If-None-Match and update safely with If-Match`
      : `${what} answered with ${problem}`,
    { expected: 'ETag: "<opaque tag>"', actual: value === undefined ? 'no ETag header' : `ETag: ${value}`, exchange },
  )
}

/** GET /articles/:id → 200 with the article and its strong ETag. */
async function readArticle(t: HttpCheckContext, id: number): Promise<{ article: Article; etag: string }> {
  const exchange = await t.send(get(`/articles/${id}`).expectStatus(200).expectJson({ id, title: anyString(), body: anyString() }))
  return { article: exchange.body as Article, etag: strongEtagOf(t, exchange, `GET /articles/${id}`) }
}

/** Sends a conditional request that must be answered 304 with no body (and the same ETag, when given). */
async function expectNotModified(t: HttpCheckContext, request: RequestCheck, why: string, etag?: string) {
  // A 304 is a few header lines: a second is ample, and a 304 whose res.end() was forgotten costs no more.
  const exchange = await t.exchange(request.timeout(1000))
  const what = describe(request)
  if (exchange.response?.status !== 304) {
    t.fail(`${what} should get 304 Not Modified (${why}), got ${answerOf(exchange)}`, { expected: '304 "Not Modified"', actual: answerOf(exchange), exchange })
  }
  if (exchange.response.body.length > 0) {
    t.fail(`${what} got a 304 with a body of ${exchange.response.body.length} bytes: a 304 has none`, { expected: 'no body', actual: `${exchange.response.body.length} bytes`, exchange })
  }
  if (etag !== undefined) {
    const sent = headerValue(exchange.response, 'etag')?.trim()
    if (sent !== etag) {
      t.fail(`${what} got 304 ${sent === undefined ? 'without an ETag' : `with ETag: ${sent}`}: a 304 carries the ETag of the copy it confirms (${etag}), the same the 200 had, so that the cache knows which of its copies is still good`, {
        expected: `ETag: ${etag}`,
        actual: sent === undefined ? 'no ETag header' : `ETag: ${sent}`,
        exchange,
      })
    }
  }
  return exchange
}

/** Sends a request that must be answered 200 in full (the client's copy, if any, is out of date). */
async function expectFull(t: HttpCheckContext, request: RequestCheck, why: string): Promise<Exchange> {
  const exchange = await t.exchange(request)
  if (exchange.response?.status !== 200 || exchange.response.body.length === 0) {
    const got = exchange.response?.status === 200 ? '200 with no body' : answerOf(exchange)
    t.fail(`${describe(request)} should get 200 and the whole ${request.spec.path === '/articles' ? 'list' : 'article'} (${why}), got ${got}`, { expected: '200 "OK" with the JSON', actual: got, exchange })
  }
  return exchange
}

/**
 * After a flow: every answer was given once and cleanly. A mistake the probe saw (a second answer
 * after a 304 without `return`, say) fails the check even when the wire looked right. And a 304
 * has no body: Node drops any body given to one without a word, so only the probe can tell that
 * the code wrote one.
 */
async function answeredCleanly(t: HttpCheckContext, mark: number) {
  const [mistake] = await t.mistakesSeen(mark)
  if (mistake) {
    t.fail(`${mistake.detail}: answer each request exactly once, and return after sending a 304 or a 412`, { diagnosis: mistake.code })
  }
  const given = (await t.responsesSeen(mark)).find((response) => response.status === 304 && response.bodyBytes > 0)
  if (given) {
    t.fail(`your 304 to ${given.method} ${given.url} was given a body (${given.bodyBytes} bytes, through res.write or res.end(data)): a 304 has none (RFC 9110 §15.4.5), and Node drops those bytes without a word; end a 304 with res.end() and nothing, without building the JSON`, {
      expected: 'res.end() with no data on a 304',
      actual: `${given.bodyBytes} bytes given to the 304`,
    })
  }
}

/** A flow that ends by making sure every answer it caused was given once, and no 304 had a body. */
function cleanFlow(id: string, title: string, run: (t: HttpCheckContext) => Promise<unknown>) {
  return flow(id, title, async (t) => {
    const mark = t.output.mark()
    await run(t)
    await answeredCleanly(t, mark)
  })
}

/** PUT /articles/:id → must be 200 with the changed article and a strong ETag (unless `withEtag` is false). */
async function update(t: HttpCheckContext, request: RequestCheck, expected: Article, why: string, withEtag = true): Promise<{ article: Article; etag: string }> {
  const exchange = await t.exchange(request)
  if (exchange.response?.status !== 200) {
    const body = exchange.response ? ` ${show(exchange.body ?? exchange.response.body.toString('utf8'))}` : ''
    t.fail(`${describe(request)} should update the article and answer 200 (${why}), got ${answerOf(exchange)}${body}`, { expected: '200 "OK" with the updated article', actual: answerOf(exchange), exchange })
  }
  const got = exchange.body as Partial<Article> | undefined
  if (got?.id !== expected.id || got.title !== expected.title || got.body !== expected.body) {
    t.fail(`${describe(request)} should answer the updated article ${show(expected)}, got ${show(got ?? exchange.response.body.toString('utf8'))}`, { expected: show(expected), actual: show(got), exchange })
  }
  requireJsonType(t, exchange, describe(request))
  return { article: got as Article, etag: withEtag ? strongEtagOf(t, exchange, describe(request)) : '' }
}

/** The article as GET sees it now, which must be `expected`, with ETag `etag` (null: any ETag or none). */
async function expectStored(t: HttpCheckContext, expected: Article, etag: string | null, why: string) {
  const id = expected.id
  const now = etag === null ? { article: (await t.send(get(`/articles/${id}`).expectStatus(200).expectJson({ id }))).body as Article, etag: '' } : await readArticle(t, id)
  const differ = (['title', 'body'] as const).filter((field) => now.article[field] !== expected[field])
  if (differ.length > 0) {
    const fields = (article: Article) => differ.map((field) => `${field} ${show(article[field], 80)}`).join(' and ')
    t.fail(`GET /articles/${id} now gives ${fields(now.article)}, where it should give ${fields(expected)}: ${why}`, { expected: show(expected), actual: show(now.article) })
  }
  if (etag !== null && now.etag !== etag) {
    t.fail(`GET /articles/${expected.id} has ETag ${now.etag}, but the PUT that made this version answered ETag ${etag}: a PUT answers with the new ETag, the one GET sends from then on (compute it after the change)`, {
      expected: `ETag: ${etag}`,
      actual: `ETag: ${now.etag}`,
    })
  }
  return now
}

/** Sends a PUT that must be refused with 412 {"error":"Precondition failed"}. */
async function expectRefused(t: HttpCheckContext, request: RequestCheck, why: string) {
  const exchange = await t.exchange(request)
  const what = describe(request)
  if (exchange.response?.status !== 412) {
    const changed = exchange.response?.status === 200 ? ': the update was applied over a version this client never saw, and the change it replaced is lost' : ''
    t.fail(`${what} should be refused with 412 Precondition Failed (${why}), got ${answerOf(exchange)}${changed}`, { expected: '412 "Precondition Failed"', actual: answerOf(exchange), exchange })
  }
  const body = exchange.body as { error?: unknown } | undefined
  if (body?.error !== 'Precondition failed') {
    t.fail(`${what} got 412 as it should, but its body should be {"error":"Precondition failed"}, got ${show(body ?? exchange.response.body.toString('utf8'))}`, {
      expected: '{"error":"Precondition failed"}',
      actual: show(body ?? exchange.response.body.toString('utf8')),
      exchange,
    })
  }
  requireJsonType(t, exchange, `the 412 to ${what}`)
}

/** A JSON body needs Content-Type: application/json (parameters such as charset allowed). */
function requireJsonType(t: HttpCheckContext, exchange: Exchange, what: string) {
  const type = mediaType(exchange.response!)
  if (type === 'application/json') return
  t.fail(`${what} sent JSON ${type === undefined ? 'without a Content-Type' : `as ${type}`}: send Content-Type: application/json with it`, {
    expected: 'Content-Type: application/json',
    actual: type === undefined ? 'no Content-Type header' : `Content-Type: ${headerValue(exchange.response!, 'content-type')}`,
    exchange,
    diagnosis: type === undefined ? 'missing-content-type' : 'wrong-content-type',
  })
}

/** GET /articles → 200, the five articles as a JSON array, with its Last-Modified as ms. */
async function readList(t: HttpCheckContext): Promise<{ list: Article[]; lastModified: number; exchange: Exchange }> {
  const exchange = await t.send(get('/articles').expectStatus(200).expectContentType('application/json'))
  const list = exchange.body
  const entries = Array.isArray(list) ? (list as Partial<Article>[]) : []
  const missing = IDS.filter((id) => !entries.some((item) => item?.id === id && typeof item.title === 'string' && typeof item.body === 'string'))
  if (!Array.isArray(list) || missing.length > 0) {
    t.fail(`GET /articles should answer the list, a JSON array of the articles {id, title, body}; ${Array.isArray(list) ? `article(s) ${missing.join(', ')} missing` : 'this is not an array'}: ${show(list ?? exchange.response!.body.toString('utf8'))}`, {
      expected: '[{"id":1,"title":…,"body":…}, …, {"id":5,…}]',
      actual: show(list),
      exchange,
    })
  }
  const value = headerValue(exchange.response!, 'last-modified')
  const problem = httpDateProblem('Last-Modified', value)
  if (problem !== null) {
    t.fail(
      value === undefined
        ? 'GET /articles answered without a Last-Modified: send the time of the newest change to any article as an HTTP date (new Date(ms).toUTCString()), so that clients can ask If-Modified-Since'
        : `GET /articles answered with ${problem}`,
      { expected: 'Last-Modified: <day>, DD Mon YYYY HH:MM:SS GMT', actual: value === undefined ? 'no Last-Modified header' : `Last-Modified: ${value}`, exchange },
    )
  }
  const lastModified = parseHttpDate(value!.trim())!
  if (lastModified > Date.now()) {
    t.fail(`GET /articles says Last-Modified: ${value}, which is later than now (${httpDate(Date.now())}): it is the time of the newest change, never later than the response itself (RFC 9110 §8.8.2.1); round down to the second, not up`, {
      expected: `a time no later than ${httpDate(Date.now())}`,
      actual: `Last-Modified: ${value}`,
      exchange,
    })
  }
  return { list: list as Article[], lastModified, exchange }
}

export default defineChecks({
  lesson: 21,
  slug: 'caching',
  checks: [
    cleanFlow('get-article', 'GET /articles/:id answers the article {id, title, body} as JSON', async (t) => {
      for (const id of IDS) await t.send(get(`/articles/${id}`).expectStatus(200).expectJson({ id, title: anyString(), body: anyString() }))
    }),

    cleanFlow('article-404', 'GET /articles/:id of an article that does not exist gets 404', async (t) => {
      await t.send(get(`/articles/${t.random.int(6, 999)}`).expectStatus(404))
      await t.send(get(`/articles/${t.random.word()}`).expectStatus(404))
    }),

    cleanFlow('etag-strong', 'GET /articles/:id sends a strong ETag ("…"), the same on every GET until the article changes', async (t) => {
      const id = someId(t)
      const first = await readArticle(t, id)
      const second = await readArticle(t, id)
      if (second.etag !== first.etag) {
        t.fail(`two GETs of /articles/${id}, with no change in between, got different ETags (${first.etag}, then ${second.etag}): an ETag must depend on the content alone (no time, no counter per request, no random), or no If-None-Match can ever match`, {
          expected: `ETag: ${first.etag} both times`,
          actual: `ETag: ${first.etag}, then ETag: ${second.etag}`,
        })
      }
    }),

    cleanFlow('cache-control', 'GET /articles/:id says Cache-Control: no-cache (keep it, but revalidate before each use)', async (t) => {
      const id = someId(t)
      const exchange = await t.send(get(`/articles/${id}`).expectStatus(200))
      const value = headerValue(exchange.response!, 'cache-control')
      const directives = (value ?? '').split(',').map((item) => item.trim().toLowerCase().split('=')[0]!).filter(Boolean)
      const fail = (why: string) => t.fail(`GET /articles/${id} ${why}`, { expected: 'Cache-Control: no-cache', actual: value === undefined ? 'no Cache-Control header' : `Cache-Control: ${value}`, exchange })
      if (value === undefined) fail('answered without Cache-Control: send Cache-Control: no-cache, so that a cache may keep the article but must ask (If-None-Match) before each use')
      if (directives.includes('no-store')) fail(`says Cache-Control: ${value}: no-store forbids keeping a copy at all, so there is nothing to revalidate and every visit downloads the article again; send no-cache`)
      if (!directives.includes('no-cache')) {
        fail(`says Cache-Control: ${value} without no-cache${directives.includes('max-age') ? ': max-age lets a cache reuse the article for that long without asking, so an update would go unseen' : ''}; send Cache-Control: no-cache (store it, but revalidate before each use)`)
      }
    }),

    cleanFlow('not-modified', 'If-None-Match with the current ETag gets 304 with no body and the same ETag; a stale one gets 200', async (t) => {
      const id = someId(t)
      const { etag } = await readArticle(t, id)
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch(etag)), 'the client already holds this version', etag)
      const full = await expectFull(t, get(`/articles/${id}`).headers(ifNoneMatch(staleTag(t))), 'that ETag is not the current one')
      if ((full.body as Partial<Article> | undefined)?.id !== id) {
        t.fail(`GET /articles/${id} with a stale If-None-Match got 200, but not with the article: ${show(full.body ?? full.response!.body.toString('utf8'))}`, { expected: show({ id }), actual: show(full.body), exchange: full })
      }
      if (headerValue(full.response!, 'etag')?.trim() !== etag) {
        t.fail(`GET /articles/${id} with a stale If-None-Match got 200 with ETag ${headerValue(full.response!, 'etag') ?? '(none)'}, not the current ${etag}: the 200 carries the ETag of what it sends`, {
          expected: `ETag: ${etag}`,
          actual: `ETag: ${headerValue(full.response!, 'etag')}`,
          exchange: full,
        })
      }
    }),

    cleanFlow('if-none-match-list', 'If-None-Match holding the current ETag among others (a comma-separated list) gets 304', async (t) => {
      const id = someId(t)
      const { etag } = await readArticle(t, id)
      const why = 'the list holds the current ETag: split the value on commas and trim each tag'
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch([staleTag(t), etag])), why, etag)
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch([etag, staleTag(t)], ',')), why, etag)
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch([staleTag(t), staleTag(t), etag], ' ,  ')), why, etag)
      await expectFull(t, get(`/articles/${id}`).headers(ifNoneMatch([staleTag(t), staleTag(t)])), 'none of the listed ETags is the current one')
    }),

    cleanFlow('if-none-match-weak', 'If-None-Match compares weakly: W/ in front of the current ETag still gets 304', async (t) => {
      const id = someId(t)
      const { etag } = await readArticle(t, id)
      const why = `If-None-Match uses the weak comparison (RFC 9110 §13.1.2): ${weak(etag)} matches ${etag}, so drop a leading W/ on both sides before comparing`
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch(weak(etag))), why, etag)
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch([staleTag(t), weak(etag)])), why, etag)
      await expectFull(t, get(`/articles/${id}`).headers(ifNoneMatch(weak(staleTag(t)))), 'a weak tag of another version is still another version')
    }),

    cleanFlow('if-none-match-star', 'If-None-Match: * gets 304 for an article that exists, and 404 for one that does not', async (t) => {
      const id = someId(t)
      const { etag } = await readArticle(t, id)
      await expectNotModified(t, get(`/articles/${id}`).headers(ifNoneMatch('*')), '* matches any current version, and the article exists', etag)
      const missing = t.random.int(6, 999)
      const exchange = await t.exchange(get(`/articles/${missing}`).headers(ifNoneMatch('*')))
      if (exchange.response?.status !== 404) {
        t.fail(`GET /articles/${missing} with If-None-Match: * should still get 404, got ${answerOf(exchange)}: there is no such article, so nothing matches *; look the article up before you weigh the conditions`, {
          expected: '404 "Not Found"',
          actual: answerOf(exchange),
          exchange,
        })
      }
    }),

    cleanFlow('list-last-modified', 'GET /articles answers the list with a Last-Modified that is an HTTP date', async (t) => {
      await readList(t)
    }),

    cleanFlow('if-modified-since', 'GET /articles with If-Modified-Since at its Last-Modified gets 304; an earlier date gets 200', async (t) => {
      const { lastModified } = await readList(t)
      await expectNotModified(
        t,
        get('/articles').headers(ifModifiedSince(lastModified)),
        'nothing changed since that date. HTTP dates count whole seconds: compare your change time rounded down to the second (Math.floor(ms / 1000) * 1000), or the milliseconds make it look later',
      )
      await expectFull(t, get('/articles').headers(ifModifiedSince(lastModified - 1000)), 'the list changed after that date')
      await expectFull(t, get('/articles').headers(ifModifiedSince(lastModified - 86_400_000)), 'the list changed after that date')
    }),

    cleanFlow('last-modified-moves', 'after a PUT, GET /articles has a later Last-Modified (the time of that change); If-Modified-Since before it gets 200, at it 304', async (t) => {
      const before = await readList(t)
      // A change in the same second would have the same HTTP date: wait for the next one.
      await nextSecondAfter(before.lastModified)
      await expectNotModified(t, get('/articles').headers(ifModifiedSince(before.lastModified + 1000)), 'nothing changed since a second after its Last-Modified')
      const id = someId(t)
      const { article } = await readArticle(t, id)
      const title = newTitle(t)
      const sentAt = Date.now()
      await update(t, put(`/articles/${id}`).json({ title }), { ...article, title }, 'a plain update')
      const answeredAt = Date.now()
      const after = await readList(t)
      if (after.lastModified === before.lastModified) {
        t.fail(`PUT /articles/${id} changed an article, yet GET /articles still says Last-Modified: ${httpDate(before.lastModified)}: set it to the time of each change`, {
          expected: `Last-Modified: ${httpDate(sentAt)} (the time of the PUT)`,
          actual: `Last-Modified: ${httpDate(after.lastModified)}`,
          exchange: after.exchange,
        })
      }
      if (after.lastModified < wholeSecond(sentAt) || after.lastModified > answeredAt) {
        t.fail(`after a PUT made at ${httpDate(sentAt)}, GET /articles says Last-Modified: ${httpDate(after.lastModified)}: it should be the time of that change`, {
          expected: `Last-Modified: ${httpDate(sentAt)}`,
          actual: `Last-Modified: ${httpDate(after.lastModified)}`,
          exchange: after.exchange,
        })
      }
      if (!after.list.some((item) => item.id === id && item.title === title)) {
        t.fail(`GET /articles does not show the change just made to article ${id} (title ${show(title)})`, { expected: show({ ...article, title }), actual: show(after.list.find((item) => item.id === id)) })
      }
      await expectFull(t, get('/articles').headers(ifModifiedSince(before.lastModified)), `article ${id} changed after that date`)
      await expectNotModified(t, get('/articles').headers(ifModifiedSince(after.lastModified)), 'nothing changed since its new Last-Modified. HTTP dates count whole seconds: compare your change time rounded down to the second')
    }),

    cleanFlow('put-article', 'PUT /articles/:id changes the fields it is given and keeps the others', async (t) => {
      const id = someId(t)
      const read = await t.send(get(`/articles/${id}`).expectStatus(200).expectJson({ id, title: anyString(), body: anyString() }))
      const article = read.body as Article
      const title = newTitle(t)
      await update(t, put(`/articles/${id}`).json({ title }).slowly({ pieces: 4, delayMs: 2 }), { id, title, body: article.body }, 'there is no If-Match, so nothing to check first', false)
      await expectStored(t, { id, title, body: article.body }, null, 'the PUT changed the title and kept the body')
      const body = newBody(t)
      await update(t, put(`/articles/${id}`).json({ body }), { id, title, body }, 'there is no If-Match, so nothing to check first', false)
      await expectStored(t, { id, title, body }, null, 'the PUT changed the body and kept the title')
    }),

    cleanFlow('etag-changes', 'the ETag changes whenever the article changes (title or body), and PUT answers the new one', async (t) => {
      const id = someId(t)
      const before = await readArticle(t, id)
      const title = newTitle(t)
      const renamed = await update(t, put(`/articles/${id}`).json({ title }), { ...before.article, title }, 'a plain update')
      if (renamed.etag === before.etag) {
        t.fail(`PUT /articles/${id} changed the title, yet answered the old ETag ${before.etag}: a cache holding the old article would be told 304 and go on showing the old title; compute the ETag from the content, after the change`, {
          expected: `an ETag other than ${before.etag}`,
          actual: `ETag: ${renamed.etag}`,
        })
      }
      await expectStored(t, renamed.article, renamed.etag, 'that is what the PUT just answered')
      const body = newBody(t)
      const rewritten = await update(t, put(`/articles/${id}`).json({ body }), { ...renamed.article, body }, 'a plain update')
      if (rewritten.etag === renamed.etag) {
        t.fail(`PUT /articles/${id} changed only the body, and the ETag stayed ${renamed.etag}: the ETag must change with any part of the content; hash the whole JSON you send`, {
          expected: `an ETag other than ${renamed.etag}`,
          actual: `ETag: ${rewritten.etag}`,
        })
      }
      await expectStored(t, rewritten.article, rewritten.etag, 'that is what the PUT just answered')
      await expectFull(t, get(`/articles/${id}`).headers(ifNoneMatch(before.etag)), 'that ETag names a version from before two changes')
    }),

    cleanFlow('lost-update', 'a PUT whose If-Match is no longer current gets 412 {"error":"Precondition failed"} and changes nothing (no lost update)', async (t) => {
      const id = someId(t)
      const seen = await readArticle(t, id) // Alice and Bob both load this version
      const alice = newTitle(t)
      const afterAlice = await update(t, put(`/articles/${id}`).headers(ifMatch(seen.etag)).json({ title: alice }), { ...seen.article, title: alice }, 'its If-Match is the current ETag')
      const bob = newTitle(t)
      await expectRefused(t, put(`/articles/${id}`).headers(ifMatch(seen.etag)).json({ title: bob }), `its If-Match, ${seen.etag}, is the version from before another client's change`)
      await expectStored(t, afterAlice.article, afterAlice.etag, 'a PUT answered 412 changes nothing: check If-Match before you change anything')
      // Bob reloads, sees Alice's change, and saves again with the new ETag.
      await update(t, put(`/articles/${id}`).headers(ifMatch(afterAlice.etag)).json({ title: bob }), { ...afterAlice.article, title: bob }, 'its If-Match is the current ETag')
    }),

    cleanFlow('if-match-weak', 'If-Match compares strongly: W/ in front of the current ETag gets 412 and changes nothing', async (t) => {
      const id = someId(t)
      const seen = await readArticle(t, id)
      const why = `If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak tag such as ${weak(seen.etag)} never matches, not even ${seen.etag}; a weak tag only says "equivalent", and an update needs "identical"`
      await expectRefused(t, put(`/articles/${id}`).headers(ifMatch(weak(seen.etag))).json({ title: newTitle(t) }), why)
      await expectRefused(t, put(`/articles/${id}`).headers(ifMatch([staleTag(t), weak(seen.etag)])).json({ body: newBody(t) }), why)
      await expectStored(t, seen.article, seen.etag, 'a PUT answered 412 changes nothing: check If-Match before you change anything')
    }),

    cleanFlow('if-match-list', 'If-Match holding the current ETag among others (a comma-separated list) updates', async (t) => {
      const id = someId(t)
      const seen = await readArticle(t, id)
      const title = newTitle(t)
      const why = 'the list holds the current ETag: split the value on commas and trim each tag'
      const first = await update(t, put(`/articles/${id}`).headers(ifMatch([staleTag(t), seen.etag])).json({ title }), { ...seen.article, title }, why)
      const body = newBody(t)
      await update(t, put(`/articles/${id}`).headers(ifMatch([first.etag, staleTag(t)], ',')).json({ body }), { ...first.article, body }, why)
      await expectRefused(t, put(`/articles/${id}`).headers(ifMatch([staleTag(t), seen.etag])).json({ title: newTitle(t) }), 'none of the listed ETags is the current one any more')
    }),

    cleanFlow('if-match-star', 'If-Match: * updates an article that exists', async (t) => {
      const id = someId(t)
      const seen = await readArticle(t, id)
      const title = newTitle(t)
      const updated = await update(t, put(`/articles/${id}`).headers(ifMatch('*')).json({ title }), { ...seen.article, title }, '* matches any current version, and the article exists')
      await expectStored(t, updated.article, updated.etag, 'that is what the PUT just answered')
    }),

    cleanFlow('head', 'HEAD on /articles/:id and /articles behaves like GET (status, ETag, Last-Modified, 304, 404) without a body', async (t) => {
      const id = someId(t)
      const { etag } = await readArticle(t, id)
      const fix = 'route HEAD like GET (same status and headers) and send no body'
      const exchange = await t.exchange(head(`/articles/${id}`))
      const response = exchange.response
      if (response?.status !== 200) {
        return t.fail(`HEAD /articles/${id} should get 200 like GET, got ${answerOf(exchange)}: ${fix}`, { expected: '200 "OK"', actual: answerOf(exchange), exchange })
      }
      const sent = headerValue(response, 'etag')?.trim()
      if (sent !== etag || mediaType(response) !== 'application/json') {
        t.fail(`HEAD /articles/${id} should carry the headers GET sends (ETag: ${etag}, Content-Type: application/json), got ETag: ${sent ?? '(none)'} and Content-Type: ${headerValue(response, 'content-type') ?? '(none)'}: ${fix}`, {
          expected: `ETag: ${etag}, Content-Type: application/json`,
          actual: `ETag: ${sent ?? '(none)'}, Content-Type: ${headerValue(response, 'content-type') ?? '(none)'}`,
          exchange,
        })
      }
      await expectNotModified(t, head(`/articles/${id}`).headers(ifNoneMatch(etag)), `as GET would: ${fix}`, etag)
      const list = await readList(t)
      const listHead = await t.exchange(head('/articles'))
      const listModified = listHead.response ? headerValue(listHead.response, 'last-modified') : undefined
      if (listHead.response?.status !== 200 || listModified?.trim() !== httpDate(list.lastModified)) {
        t.fail(`HEAD /articles should get 200 with the Last-Modified GET sends (${httpDate(list.lastModified)}), got ${answerOf(listHead)} with ${listModified === undefined ? 'no Last-Modified' : `Last-Modified: ${listModified}`}: ${fix}`, {
          expected: `200, Last-Modified: ${httpDate(list.lastModified)}`,
          actual: `${answerOf(listHead)}, Last-Modified: ${listModified ?? '(none)'}`,
          exchange: listHead,
        })
      }
      await expectNotModified(t, head('/articles').headers(ifModifiedSince(list.lastModified)), `as GET would: ${fix}`)
      const missing = t.random.int(6, 999)
      await t.send(head(`/articles/${missing}`).expectStatus(404))
    }),
  ],
})
