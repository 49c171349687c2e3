/**
 * Lesson 22: gzip, brotli and content negotiation. GET /big.txt in the coding the request's
 * Accept-Encoding prefers (q-values in any order, br when br and gzip are equally welcome, q=0
 * refusing), decoded byte for byte; the plain file with its Content-Length otherwise; small.txt
 * never compressed; Vary: Accept-Encoding on every answer for both; the file streamed through
 * zlib. POST /upload with a gzip body inflated as it streams: its size in bytes, 413 as soon as
 * the inflated size passes MAX_INFLATED_BYTES (a zip bomb is refused while it arrives), 400 for
 * corrupt gzip, 415 for a coding the server does not decode.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineChecks, flow, get, post, type HttpCheckContext } from '../src/dsl/index.ts'
import { expectCoding, expectDecodedBody, expectEncoded, expectLength, expectTruthfulLength, expectVaryOnAcceptEncoding, sendEncoded } from '../src/dsl/decompress.ts'
import { gzipOfSize, gzipped, notGzip, truncatedGzip, zipBomb, type ZipBomb } from '../src/dsl/gzip-bodies.ts'
import { sendWithoutEnd } from '../src/dsl/early-answer.ts'

/** The limit the checks set: small, so that a body just over it is cheap to send and to inflate. */
const MAX_INFLATED_BYTES = 2_000_000

/**
 * Compressing 1 MB takes gzip a tenth of a second; brotli at its default quality (11) takes
 * seconds on a busy machine. Both are correct, so both get time; a Content-Length that promises
 * more than comes is the only reason to wait this long.
 */
const GZIP_TIMEOUT_MS = 4000
const BROTLI_TIMEOUT_MS = 12_000

/** The learner's own copies of the files: the answers must be them, byte for byte. */
const publicFile = (t: HttpCheckContext, name: string) => readFileSync(join(t.exerciseDir, 'public', name))

/** GET /big.txt with an Accept-Encoding (null: none at all). */
function bigWith(acceptEncoding: string | null, coding: 'gzip' | 'br' | 'identity') {
  const request = get('/big.txt').timeout(coding === 'br' ? BROTLI_TIMEOUT_MS : GZIP_TIMEOUT_MS).expectStatus(200)
  return acceptEncoding === null ? request : request.header('Accept-Encoding', acceptEncoding)
}

/** Said when no answer came in time, which a correct but slow brotli stream can cause. */
const SLOW_BROTLI =
  'If you compress with zlib.createBrotliCompress() at its default quality, 11, that is why: quality 11 is meant for compressing once, ahead of time, ' +
  'and takes seconds per MB. On the fly, pass { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } (what Express and Fastify use)'

/** GET /big.txt must come back whole in `coding`, with a truthful length, and decode to the file. */
async function expectBigIn(t: HttpCheckContext, acceptEncoding: string, coding: 'gzip' | 'br') {
  await expectEncoded(t, bigWith(acceptEncoding, coding).expecting(expectCoding(coding), expectTruthfulLength()), publicFile(t, 'big.txt'), 'public/big.txt', {
    slowAnswer: SLOW_BROTLI,
  })
}

/** Decoded bytes to read before hanging up: the first gzip output alone holds more. */
const START_BYTES = 32 * 1024

/**
 * GET /big.txt must start coming in `coding`, its start decoding to the start of the file: the
 * checker hangs up after the first decoded bytes, which spares the server compressing the rest.
 */
async function expectBigStartsIn(t: HttpCheckContext, acceptEncoding: string | null, coding: 'gzip' | 'br' | 'identity') {
  await expectEncoded(t, bigWith(acceptEncoding, coding).expecting(expectCoding(coding)), publicFile(t, 'big.txt'), 'public/big.txt', {
    upTo: START_BYTES,
    slowAnswer: SLOW_BROTLI,
  })
}

/** GET /big.txt must come back as it is, with the file's Content-Length. */
async function expectBigPlain(t: HttpCheckContext, acceptEncoding: string | null) {
  const big = publicFile(t, 'big.txt')
  await sendEncoded(
    t,
    bigWith(acceptEncoding, 'identity').expecting(expectCoding('identity'), expectLength(big.length, 'public/big.txt'), expectDecodedBody(big, 'public/big.txt')),
  )
}

/** One zip bomb for the whole run: 1 GiB of zeros in about 1 MB, under the limit as sent. */
let bomb: ZipBomb | null = null
const theBomb = () => (bomb ??= zipBomb(1024 ** 3))
/** What the checks send of the bomb before waiting: it alone inflates to about 64 MiB. */
const BOMB_SENT_BYTES = 64 * 1024
const BOMB_WAIT_MS = 2000

export default defineChecks({
  lesson: 22,
  slug: 'compression',
  env: { MAX_INFLATED_BYTES: String(MAX_INFLATED_BYTES) },
  checks: [
    flow('gzip', 'Accept-Encoding: gzip gets big.txt gzipped, which inflates to the file byte for byte', async (t) => {
      await expectBigIn(t, 'gzip', 'gzip')
    }),

    flow('brotli', 'Accept-Encoding: br gets big.txt in brotli, which decodes to the file byte for byte', async (t) => {
      await expectBigIn(t, 'br', 'br')
    }),

    flow('br-preferred', 'gzip and br equally welcome (gzip listed first): br', async (t) => {
      await expectBigStartsIn(t, 'gzip, br', 'br')
    }),

    flow('q-values', 'q-values decide, not the order: br;q=0.5, gzip and gzip;q=0.9,br;q=0.1 both get gzip', async (t) => {
      await expectBigStartsIn(t, 'br;q=0.5, gzip', 'gzip')
      await expectBigStartsIn(t, 'gzip;q=0.9,br;q=0.1', 'gzip')
    }),

    flow('q-zero', 'q=0 refuses a coding: gzip;q=0 and gzip;q=0, br;q=0 get the plain file, br;q=0, gzip gets gzip', async (t) => {
      await expectBigPlain(t, 'gzip;q=0')
      await expectBigStartsIn(t, 'br;q=0, gzip', 'gzip')
      await expectBigPlain(t, 'gzip;q=0, br;q=0')
    }),

    flow('wildcard', '* stands for every coding the header does not name: br;q=0.5, * gets gzip', async (t) => {
      await expectBigStartsIn(t, 'br;q=0.5, *', 'gzip')
    }),

    flow('identity', 'Accept-Encoding: identity gets the plain file with its Content-Length', async (t) => {
      await expectBigPlain(t, 'identity')
    }),

    flow('no-accept-encoding', 'no Accept-Encoding gets the plain file with its Content-Length', async (t) => {
      await expectBigPlain(t, null)
    }),

    flow('small-never-compressed', 'small.txt is sent as it is, whatever the client accepts', async (t) => {
      const small = publicFile(t, 'small.txt')
      for (const acceptEncoding of ['gzip, br', 'br', 'gzip', null]) {
        const request = get('/small.txt').expectStatus(200).expecting(expectCoding('identity'), expectTruthfulLength(), expectDecodedBody(small, 'public/small.txt'))
        await sendEncoded(t, acceptEncoding === null ? request : request.header('Accept-Encoding', acceptEncoding))
      }
    }),

    flow('vary', 'Vary: Accept-Encoding is on every answer for big.txt and small.txt, compressed or not', async (t) => {
      // Only Vary counts here: which coding came back is the business of the checks above.
      const big = publicFile(t, 'big.txt')
      for (const [acceptEncoding, coding] of [['gzip', 'gzip'], [null, 'identity'], ['gzip;q=0', 'identity']] as const) {
        await expectEncoded(t, bigWith(acceptEncoding, coding).expecting(expectVaryOnAcceptEncoding()), big, 'public/big.txt', { upTo: START_BYTES })
      }
      for (const acceptEncoding of ['gzip, br', null]) {
        const request = get('/small.txt').expectStatus(200).expecting(expectVaryOnAcceptEncoding())
        await t.send(acceptEncoding === null ? request : request.header('Accept-Encoding', acceptEncoding))
      }
    }),

    flow('streamed', 'big.txt goes through zlib as a stream, not read whole into memory first', async (t) => {
      const mark = t.output.mark()
      await expectBigStartsIn(t, 'gzip', 'gzip')
      // The probe reports any fs.readFile/readFileSync/promises.readFile that returned over 1 MB.
      const whole = (await t.largeFileReads(mark)).find((read) => read.path.endsWith('big.txt'))
      if (whole) {
        const where = whole.where ? ` at ${relative(t.exerciseDir, whole.where.file)}:${whole.where.line}` : ''
        t.fail(`big.txt (${whole.bytes} bytes) was read whole with fs.${whole.how}()${where} before it was compressed; stream it: pipeline(fs.createReadStream(file), zlib.createGzip(), res, callback)`, {
          expected: 'the file compressed as it is read, 64 KiB at a time',
          actual: `fs.${whole.how}()${where} loaded all ${whole.bytes} bytes into memory`,
          diagnosis: 'buffered-whole-body',
        })
      }
    }),

    flow('upload', 'POST /upload with a gzip body answers {"bytes": its inflated size}', async (t) => {
      const text = publicFile(t, 'big.txt')
      for (const slowly of [true, false]) {
        const start = t.random.int(0, 200_000)
        const inflated = text.subarray(start, start + t.random.int(150_000, 600_000))
        let request = post('/upload').header('Content-Encoding', 'gzip').bytes(gzipped(inflated), 'text/plain; charset=utf-8')
        if (slowly) request = request.slowly({ pieces: 8, delayMs: 5, splitCharacters: false })
        await t.send(request.timeout(GZIP_TIMEOUT_MS).expectStatus(200).expectJson({ bytes: inflated.length }))
      }
    }),

    flow('upload-limit', `the limit is exact: a body inflating to MAX_INFLATED_BYTES (${MAX_INFLATED_BYTES} here) is counted, one byte more is 413`, async (t) => {
      await t.send(
        post('/upload').header('Content-Encoding', 'gzip').bytes(gzipOfSize(MAX_INFLATED_BYTES), 'text/plain').timeout(GZIP_TIMEOUT_MS)
          .expectStatus(200).expectJson({ bytes: MAX_INFLATED_BYTES }),
      )
      await t.send(
        post('/upload').header('Content-Encoding', 'gzip').bytes(gzipOfSize(MAX_INFLATED_BYTES + 1), 'text/plain').freshConnection().timeout(GZIP_TIMEOUT_MS)
          .expectStatus(413).expectJson({ error: 'Payload too large' }),
      )
    }),

    flow('zip-bomb', 'a zip bomb gets 413 while it arrives, without being inflated whole, and the server keeps serving', async (t) => {
      const bomb = theBomb()
      const sentBytes = Math.min(BOMB_SENT_BYTES, bomb.bytes.length)
      const { answered, exchange } = await sendWithoutEnd(t, {
        method: 'POST',
        path: '/upload',
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' },
        body: bomb.bytes.subarray(0, sentBytes),
        declaredLength: bomb.bytes.length,
        timeoutMs: BOMB_WAIT_MS,
      })
      const count = (n: number) => n.toLocaleString('en-US')
      const what = `the first ${count(sentBytes)} bytes of a ${count(bomb.bytes.length)}-byte gzip upload that inflates to ${count(bomb.inflatedBytes)} bytes (those first bytes alone inflate to about ${count(Math.round((sentBytes * bomb.inflatedBytes) / bomb.bytes.length))})`
      if (!answered) {
        // Does the server count inflated bytes at all? A body just over the limit, sent whole, says.
        const probe = await t.exchange(post('/upload').header('Content-Encoding', 'gzip').bytes(gzipOfSize(MAX_INFLATED_BYTES + 1), 'text/plain').freshConnection().timeout(GZIP_TIMEOUT_MS))
        if (probe.response?.status === 413) {
          t.fail(
            `${what} got no answer within ${BOMB_WAIT_MS / 1000} s: your server refuses an upload only once all of it has arrived (it collects the body, or the inflated bytes, before counting). ` +
              `Count the inflated bytes as they come out of zlib.createGunzip() and answer 413 the moment the count passes MAX_INFLATED_BYTES`,
            { expected: '413 long before the body ends', actual: 'no answer while the body was unfinished', exchange, diagnosis: 'buffered-whole-body' },
          )
        }
        t.fail(`${what} got no answer within ${BOMB_WAIT_MS / 1000} s, and a body inflating to MAX_INFLATED_BYTES + 1 was not refused either: nothing counts the inflated bytes against MAX_INFLATED_BYTES`, {
          expected: '413 {"error":"Payload too large"} as soon as the inflated size passes the limit',
          actual: probe.response ? `no answer to the bomb, and ${probe.response.status} to a body one byte over the limit` : 'no answer',
          exchange,
        })
      }
      const response = exchange.response!
      const error = (exchange.body as { error?: unknown } | undefined)?.error
      if (response.status !== 413 || error !== 'Payload too large') {
        t.fail(`${what} should get 413 {"error":"Payload too large"} as soon as the inflated size passes MAX_INFLATED_BYTES; got ${response.status} ${response.body.toString('utf8').slice(0, 200)}`, {
          expected: '413 {"error":"Payload too large"}',
          actual: `${response.status} ${response.body.toString('utf8').slice(0, 200)}`,
          exchange,
        })
      }
      await t.send(get('/small.txt').freshConnection().expectStatus(200))
    }),

    flow('corrupt-gzip', 'a body that is not valid gzip gets 400, and the server keeps serving', async (t) => {
      await t.send(post('/upload').header('Content-Encoding', 'gzip').bytes(notGzip(), 'text/plain').freshConnection().expectStatus(400))
      const text = publicFile(t, 'small.txt')
      await t.send(post('/upload').header('Content-Encoding', 'gzip').bytes(truncatedGzip(text), 'text/plain').freshConnection().expectStatus(400))
      await t.send(get('/small.txt').freshConnection().expectStatus(200))
    }),

    flow('unsupported-encoding', 'Content-Encoding: compress, which the server does not decode, gets 415', async (t) => {
      await t.send(post('/upload').header('Content-Encoding', 'compress').bytes(notGzip(), 'text/plain').freshConnection().expectStatus(415))
    }),
  ],
})
