// Proves the decompressing reader against a real server: it names the codings a response lists,
// decodes gzip, br and both in a row byte for byte (whole, or its start, hanging up early),
// and turns each wrong answer into the failure that says what is wrong: a Content-Length that
// promises more than comes, a Content-Encoding the body does not match, a missing Vary.
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { flow, get } from '../src/dsl/index.ts'
import type { HttpCheckContext } from '../src/dsl/index.ts'
import type { ReceivedResponse } from '../src/dsl/exchange.ts'
import { contentCodings, decodeBody, expectCoding, expectEncoded, expectTruthfulLength, expectVaryOnAcceptEncoding, readEncoded, sendEncoded, type EncodedRead } from '../src/dsl/decompress.ts'
import { zipBomb } from '../src/dsl/gzip-bodies.ts'
import { gradeFixture } from './helpers.ts'

/** What test/fixtures/servers/compresses.ts serves on every path. */
const TEXT = Buffer.from('Zoë compresses 名前 again and again. '.repeat(8000))

const answer = (headers: Record<string, string>, body: Buffer): ReceivedResponse => ({ status: 200, statusMessage: 'OK', headers, body })

/** Runs one flow against the fixture server; returns the check's result. */
async function against(run: (t: HttpCheckContext) => Promise<unknown>) {
  const result = await gradeFixture('compresses.ts', [flow('read', 'read', run)])
  return result.checks.find((check) => check.id === 'read')!
}

describe('the codings of a response', () => {
  it('are listed in the order applied, x-gzip as gzip, identity left out', () => {
    expect(contentCodings(answer({ 'content-encoding': 'gzip, br' }, Buffer.alloc(0)))).toEqual(['gzip', 'br'])
    expect(contentCodings(answer({ 'content-encoding': 'X-Gzip' }, Buffer.alloc(0)))).toEqual(['gzip'])
    expect(contentCodings(answer({ 'content-encoding': 'identity' }, Buffer.alloc(0)))).toEqual([])
    expect(contentCodings(answer({}, Buffer.alloc(0)))).toEqual([])
  })

  it('are undone last first, and a body that inflates past the ceiling is refused, not inflated', () => {
    const twice = zlib.brotliCompressSync(zlib.gzipSync(TEXT))
    const decoded = decodeBody(answer({ 'content-encoding': 'gzip, br' }, twice), TEXT.length)
    expect(decoded.ok && decoded.bytes.equals(TEXT)).toBe(true)
    const bomb = zipBomb(64 * 1024 * 1024)
    expect(decodeBody(answer({ 'content-encoding': 'gzip' }, bomb.bytes), 1_000_000)).toEqual({ ok: false, problem: 'it decodes to more than 1000000 bytes' })
    expect(decodeBody(answer({ 'content-encoding': 'gzip' }, TEXT), TEXT.length)).toMatchObject({ ok: false, problem: expect.stringContaining('not valid gzip') })
  })
})

describe('reading a compressed answer from a real server', () => {
  it('decodes gzip, br and gzip-then-br whole, byte for byte, and plain as it is', async () => {
    const reads: Record<string, EncodedRead> = {}
    const result = await against(async (t) => {
      for (const path of ['/gzip', '/br', '/gzip-then-br', '/plain']) reads[path] = await readEncoded(t, get(path).header('Accept-Encoding', 'gzip, br'))
    })
    expect(result.status).toBe('pass')
    for (const path of ['/gzip', '/br', '/gzip-then-br', '/plain']) {
      expect(reads[path]!.ended, path).toBe(true)
      expect(reads[path]!.problem, path).toBeNull()
      expect(reads[path]!.decoded.equals(TEXT), path).toBe(true)
    }
    expect(reads['/gzip']!.exchange.response!.body.length).toBeLessThan(TEXT.length / 10)
  }, 30_000)

  it('hangs up after the first decoded bytes when asked for the start only', async () => {
    let read: EncodedRead | null = null
    await against(async (t) => {
      read = await readEncoded(t, get('/gzip'), { upTo: 1000 })
    })
    expect(read!.ended).toBe(false)
    expect(read!.exchange.error).toBeNull()
    expect(read!.decoded.length).toBeGreaterThanOrEqual(1000)
    expect(read!.decoded.equals(TEXT.subarray(0, read!.decoded.length))).toBe(true)
  }, 30_000)

  it('passes a right answer, whole or started', async () => {
    const result = await against(async (t) => {
      await expectEncoded(t, get('/br').expectStatus(200).expecting(expectCoding('br'), expectTruthfulLength(), expectVaryOnAcceptEncoding()), TEXT, 'the text')
      await expectEncoded(t, get('/gzip').expectStatus(200).expecting(expectCoding('gzip')), TEXT, 'the text', { upTo: 4096 })
      await sendEncoded(t, get('/plain').expectStatus(200).expecting(expectCoding('identity'), expectTruthfulLength()))
    })
    expect(result.status).toBe('pass')
  }, 30_000)

  it('says so when Content-Length is the plain size of a gzip body, read alone or on a kept-alive connection', async () => {
    const alone = await against((t) => expectEncoded(t, get('/gzip-with-file-length').expecting(expectCoding('gzip')), TEXT, 'the text'))
    expect(alone.status).toBe('fail')
    expect(alone.message).toMatch(new RegExp(`^Content-Length says ${TEXT.length} bytes, but only \\d+ came \\(Content-Encoding: gzip\\), so a client waits.*leave it out when you compress`))
    const kept = await against((t) => sendEncoded(t, get('/gzip-with-file-length').timeout(800)))
    expect(kept.status).toBe('fail')
    expect(kept.message).toMatch(new RegExp(`^Content-Length says ${TEXT.length} bytes, but only \\d+ came`))
  }, 30_000)

  it('says so when the body is not in the coding its Content-Encoding names', async () => {
    const result = await against((t) => expectEncoded(t, get('/says-gzip').expecting(expectCoding('gzip')), TEXT, 'the text', { upTo: 4096 }))
    expect(result.status).toBe('fail')
    expect(result.message).toMatch(/^Content-Encoding: gzip, but the body does not decode: it is not valid gzip/)
  }, 30_000)

  it('says which coding came and which was due, quoting the Accept-Encoding sent', async () => {
    const result = await against((t) => expectEncoded(t, get('/gzip').header('Accept-Encoding', 'br;q=1, gzip;q=0.5').expecting(expectCoding('br')), TEXT, 'the text', { upTo: 4096 }))
    expect(result.message).toBe('with Accept-Encoding: br;q=1, gzip;q=0.5, expected Content-Encoding: br (that is the coding Accept-Encoding: br;q=1, gzip;q=0.5 prefers), got Content-Encoding: gzip')
  }, 30_000)

  it('names a missing Vary, and the cache that would misuse the answer', async () => {
    const result = await against((t) => expectEncoded(t, get('/no-vary').header('Accept-Encoding', 'gzip').expecting(expectVaryOnAcceptEncoding()), TEXT, 'the text', { upTo: 4096 }))
    expect(result.status).toBe('fail')
    expect(result.message).toMatch(/^the answer to GET \/no-vary with Accept-Encoding: gzip \(sent as gzip\) has no Vary: Accept-Encoding: a cache/)
  }, 30_000)
})
