// Proves the conditional-request helpers follow RFC 9110: entity tags parsed and compared strongly
// and weakly (§8.8.3.2's table), If-Match and If-None-Match lists and *, HTTP dates in the one
// form a sender may write, and the expectations' messages.
import { describe, expect, it } from 'vitest'
import {
  etagIs,
  httpDate,
  httpDateHeader,
  ifMatch,
  ifMatchHolds,
  ifModifiedSince,
  ifNoneMatch,
  ifNoneMatchHolds,
  parseEntityTag,
  parseEntityTagList,
  parseHttpDate,
  strongEtag,
  strongMatch,
  weak,
  weakMatch,
  nextSecondAfter,
  wholeSecond,
} from '../src/dsl/conditional.ts'
import type { Exchange, ReceivedResponse } from '../src/dsl/exchange.ts'

const tag = (text: string) => parseEntityTag(text)!
const response = (headers: Record<string, string>): ReceivedResponse => ({ status: 200, statusMessage: 'OK', headers, body: Buffer.alloc(0) })
const judge = (expectation: ReturnType<typeof strongEtag>, headers: Record<string, string>) => expectation.evaluate(response(headers), {} as Exchange)

describe('entity tags', () => {
  it('parse only the RFC form: quotes required, W/ in front for a weak one', () => {
    expect(parseEntityTag('"abc"')).toEqual({ weak: false, opaque: 'abc' })
    expect(parseEntityTag('W/"abc"')).toEqual({ weak: true, opaque: 'abc' })
    expect(parseEntityTag('""')).toEqual({ weak: false, opaque: '' })
    expect(parseEntityTag('"a,b"')).toEqual({ weak: false, opaque: 'a,b' })
    for (const bad of ['abc', '"abc', 'abc"', 'w/"abc"', 'W/abc', '"a b"', '"a"b"', ' "abc"']) expect(parseEntityTag(bad), bad).toBeNull()
  })

  it('compare as the table of RFC 9110 §8.8.3.2 says', () => {
    const pairs: [string, string, boolean, boolean][] = [
      ['W/"1"', 'W/"1"', false, true],
      ['W/"1"', 'W/"2"', false, false],
      ['W/"1"', '"1"', false, true],
      ['"1"', '"1"', true, true],
    ]
    for (const [a, b, strong, weakly] of pairs) {
      expect(strongMatch(tag(a), tag(b)), `${a} ${b} strong`).toBe(strong)
      expect(weakMatch(tag(a), tag(b)), `${a} ${b} weak`).toBe(weakly)
    }
  })

  it('read lists with any spacing, commas inside tags, empty members and *', () => {
    expect(parseEntityTagList('*')).toBe('*')
    expect(parseEntityTagList(' * ')).toBe('*')
    expect(parseEntityTagList('"a",W/"b" ,  "c,d"')).toEqual([tag('"a"'), tag('W/"b"'), tag('"c,d"')])
    expect(parseEntityTagList('"a", , "b",')).toEqual([tag('"a"'), tag('"b"')])
    expect(parseEntityTagList('"a" "b"')).toBeNull()
    expect(parseEntityTagList('"a", b')).toBeNull()
    expect(parseEntityTagList('"a", *')).toBeNull()
  })

  it('weigh If-Match strongly and If-None-Match weakly, * matching any existing resource', () => {
    const current = tag('"v2"')
    expect(ifMatchHolds('"v2"', current)).toBe(true)
    expect(ifMatchHolds('"v1", "v2"', current)).toBe(true)
    expect(ifMatchHolds('W/"v2"', current)).toBe(false)
    expect(ifMatchHolds('*', current)).toBe(true)
    expect(ifMatchHolds('*', null)).toBe(false)
    expect(ifNoneMatchHolds('W/"v2"', current)).toBe(false)
    expect(ifNoneMatchHolds('"v1",W/"v2"', current)).toBe(false)
    expect(ifNoneMatchHolds('"v1"', current)).toBe(true)
    expect(ifNoneMatchHolds('*', current)).toBe(false)
    expect(ifNoneMatchHolds('*', null)).toBe(true)
  })

  it('build the headers a check sends', () => {
    expect(ifNoneMatch(['"a"', weak('"b"')])).toEqual({ 'If-None-Match': '"a", W/"b"' })
    expect(ifMatch(['"a"', '"b"'], ',')).toEqual({ 'If-Match': '"a","b"' })
    expect(ifMatch('*')).toEqual({ 'If-Match': '*' })
    expect(weak('W/"x"')).toBe('W/"x"')
    expect(ifModifiedSince(Date.UTC(1994, 10, 6, 8, 49, 37, 999))).toEqual({ 'If-Modified-Since': 'Sun, 06 Nov 1994 08:49:37 GMT' })
  })
})

describe('HTTP dates', () => {
  it('are written as IMF-fixdate in whole seconds, and read back exactly', () => {
    const ms = Date.UTC(2026, 1, 28, 23, 59, 59, 640)
    expect(httpDate(ms)).toBe('Sat, 28 Feb 2026 23:59:59 GMT')
    expect(parseHttpDate(httpDate(ms))).toBe(wholeSecond(ms))
  })

  it('refuse every other form: ISO, obsolete, a wrong day name, an impossible date', () => {
    for (const bad of ['2026-02-28T23:59:59.000Z', 'Saturday, 28-Feb-26 23:59:59 GMT', 'Sat Feb 28 23:59:59 2026', 'Sun, 28 Feb 2026 23:59:59 GMT', 'Mon, 30 Feb 2026 10:00:00 GMT', 'Sat, 28 Feb 2026 24:00:00 GMT', 'Sat, 28 Feb 2026 23:59:59 UTC']) {
      expect(parseHttpDate(bad), bad).toBeNull()
    }
  })

  it('wait for the next second only when it has not come yet', async () => {
    const started = Date.now()
    await nextSecondAfter(started - 5000)
    expect(Date.now() - started).toBeLessThan(50)
    await nextSecondAfter(Date.now())
    expect(wholeSecond(Date.now())).toBeGreaterThan(wholeSecond(started))
  })
})

describe('validator expectations', () => {
  it('say what is wrong with an ETag', () => {
    expect(judge(strongEtag(), { etag: '"abc"' })).toBeNull()
    expect(judge(strongEtag(), {})?.message).toContain('no ETag header')
    expect(judge(strongEtag(), { etag: 'abc' })?.message).toContain('send ETag: "abc"')
    expect(judge(strongEtag(), { etag: 'W/"abc"' })?.message).toContain('is weak')
    expect(judge(etagIs('"abc"'), { etag: '"abc"' })).toBeNull()
    expect(judge(etagIs('"abc"', 'the 304'), { etag: '"abd"' })?.message).toBe('expected ETag: "abc" (the 304), got ETag: "abd"')
  })

  it('say what is wrong with a date header', () => {
    expect(judge(httpDateHeader('last-modified'), { 'last-modified': 'Sun, 06 Nov 1994 08:49:37 GMT' })).toBeNull()
    expect(judge(httpDateHeader('last-modified'), { 'last-modified': '1994-11-06T08:49:37Z' })?.message).toContain('toUTCString()')
  })
})
