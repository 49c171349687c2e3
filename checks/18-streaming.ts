/**
 * Lesson 18: bodies as streams, end to end. POST /upper must answer while its body is still
 * arriving (a sender that pauses between pieces notes when the answer's bytes come back) and keep
 * characters cut between pieces whole; POST /hash must hash 128 MiB without holding it (the checks
 * make the body as they send it; the probe measures what the program still holds when it ends);
 * GET /numbers must wait for 'drain' under a slow reader and stop when its client leaves.
 */
import { createHash } from 'node:crypto'
import {
  defineChecks,
  drawn,
  flow,
  get,
  heldWhole,
  mebibytes,
  mediaType,
  post,
  type Exchange,
  type HttpCheckContext,
  type Random,
} from '../src/dsl/index.ts'

/** The contract's large body: 128 MiB, of which the program may hold less than half. */
const LARGE_BODY_BYTES = 128 * 1024 * 1024
/**
 * How /numbers is read slowly: nothing for a moment after the headers (long enough for a writer
 * that ignores write()'s answer to queue megabytes), then 24 MiB a second at most.
 */
const SLOW_READ = { kind: 'slowly', stallMs: 150, bytesPerSecond: 24 * 1024 * 1024 } as const
/** The client that leaves asks for a million lines (6.9 MB) and hangs up after the first 64 KiB. */
const LEAVING_COUNT = 1_000_000
const LEAVE_AFTER_BYTES = 64 * 1024
/** How long the program is watched after its client left: any timer or loop still writing shows by then. */
const WATCH_AFTER_LEAVING_MS = 200

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The lines `1` … `count`, each ending in `\n`. */
function numbersText(count: number): string {
  const parts: string[] = []
  for (let i = 1; i <= count; i++) parts.push(`${i}\n`)
  return parts.join('')
}

/** Says where a /numbers body first goes wrong, instead of showing megabytes. */
function numbersMismatch(body: string, count: number): string | null {
  if (body === numbersText(count)) return null
  const lines = body.split('\n') // a body that ends in \n gives an empty last element
  for (let i = 0; i < count; i++) {
    const line = lines[i]
    if (line === undefined || (i === lines.length - 1 && line === '')) return `the body ended after ${i} line(s)`
    if (line !== String(i + 1)) return `line ${i + 1} is "${line.slice(0, 40)}"`
  }
  if (lines.length === count) return `line ${count} does not end with \\n`
  return `more came after line ${count}: "${lines.slice(count).join('\\n').slice(0, 40)}"`
}

/** A piece of text for /upper: names and words of the seed, with letters of 2, 3 and 4 bytes. */
function upperText({ random }: { random: Random }, words: number): string {
  const parts = Array.from({ length: words }, () => random.word())
  return `${random.name()} and zoë write 名前 🚀: ${parts.join(' ')}.\n`
}

export default defineChecks({
  lesson: 18,
  slug: 'streaming',
  checks: [
    drawn('upper', 'POST /upper answers 200 text/plain with the body upper-cased', (drawing) => {
      const text = upperText(drawing, 6)
      return post('/upper').text(text).expectStatus(200).expectText(text.toUpperCase())
    }),

    flow('upper-split-characters', 'POST /upper keeps characters whole when a piece of the body ends inside one', async (t) => {
      const text = `zoë 名前 🚀 ${t.random.name()} ${t.random.name()} ${t.random.word()}\n`
      // Every multi-byte character is cut after its first byte, each piece 5 ms after the last.
      await t.send(post('/upper').text(text).slowly({ pieces: 16, delayMs: 5 }).expectStatus(200).expectBody(text.toUpperCase()))
    }),

    flow('upper-streams', 'POST /upper streams: the first upper-cased bytes come back before the body has all been sent', async (t) => {
      const text = upperText(t, 80)
      // 40 pieces 25 ms apart: a second to send. Once the answer has begun, the rest goes at once.
      const exchange = await t.stream(post('/upper').text(text).slowly({ pieces: 40, delayMs: 25, splitCharacters: false }).timeout(8000).expectStatus(200).expectBody(text.toUpperCase()), {
        hurryOnceAnswered: true,
      })
      const first = exchange.arrivals[0]
      if (!first || first.requestFinished) {
        t.fail('the answer to POST /upper began only after the whole body had been sent: it was collected first, not streamed', {
          expected: `the first upper-cased bytes back while the ${exchange.request.pieces} pieces of the body are still being sent`,
          actual: first ? `nothing came back until all ${exchange.request.pieces} pieces had been sent (${first.atMs} ms)` : 'no body at all',
          exchange,
        })
      }
    }),

    flow('hash', 'POST /hash answers JSON {"bytes","sha256"} of the body, also an empty one', async (t) => {
      const size = t.random.int(200_000, 300_000)
      const body = Buffer.alloc(size)
      for (let i = 0; i < size; i += 4) body.writeUInt32LE(t.random.int(0, 2 ** 32 - 1), Math.min(i, size - 4))
      const sha256 = createHash('sha256').update(body).digest('hex')
      await t.send(post('/hash').bytes(body, 'application/octet-stream').slowly({ pieces: 8, delayMs: 5, splitCharacters: false }).expectStatus(200).expectJson({ bytes: size, sha256 }))
      const empty = createHash('sha256').digest('hex')
      await t.send(post('/hash').bytes(Buffer.alloc(0), 'application/octet-stream').expectStatus(200).expectJson({ bytes: 0, sha256: empty }))
    }),

    flow('hash-128-mib', 'POST /hash of 128 MiB: the right answer, while memory grows by less than half of that', async (t) => {
      const mark = t.output.mark()
      const exchange = await t.stream(post('/hash').header('Content-Type', 'application/octet-stream').timeout(12_000).expectStatus(200), {
        generatedBody: { bytes: LARGE_BODY_BYTES, seed: t.random.int(1, 2 ** 31) },
      })
      const [measured] = await t.bodyMemory(mark)
      if (measured && heldWhole(measured)) {
        t.fail(
          `POST /hash still held ${mebibytes(measured.heldBytes)} of the ${mebibytes(measured.bodyBytes)} body in memory when it ended: hash each chunk as it arrives (hash.update(chunk)) instead of collecting them`,
          {
            diagnosis: 'buffered-whole-body',
            expected: `memory growing by less than ${mebibytes(LARGE_BODY_BYTES / 2)} (half the body)`,
            actual: `${mebibytes(measured.heldBytes)} more in use when the body ended, after a garbage collection (RSS rose by ${mebibytes(measured.peakRssGrowth)})`,
            exchange,
          },
        )
      }
      expectHashOf(t, exchange, LARGE_BODY_BYTES)
    }),

    drawn('numbers', 'GET /numbers?count=N answers the lines 1 to N as text/plain', ({ random }) => {
      const count = random.int(5, 40)
      return get(`/numbers?count=${count}`).expectStatus(200).expectText(numbersText(count))
    }),

    flow('numbers-slow-reader', "GET /numbers to a slow reader: every line arrives, and the program waits for 'drain'", async (t) => {
      // About 3.5 MB: a writer that loops without looking at write()'s answer queues most of it in its own memory.
      const count = t.random.int(500_000, 550_000)
      const mark = t.output.mark()
      const exchange = await t.stream(
        get(`/numbers?count=${count}`)
          .timeout(14_000) // one write() per line is correct too, and slow: give it time
          .expectStatus(200)
          .expectThat(`the lines 1 to ${count}`, (response) => numbersMismatch(response.body.toString('latin1'), count)),
        { read: SLOW_READ },
      )
      const ignored = (await t.mistakesSeen(mark)).find((mistake) => mistake.code === 'ignored-backpressure')
      if (ignored) {
        t.fail("the program kept writing to a slow reader without waiting: stop when res.write() returns false, and carry on in res.once('drain', …)", {
          diagnosis: 'ignored-backpressure',
          expected: "after write() returns false, nothing more until 'drain'",
          actual: ignored.detail,
          exchange,
        })
      }
    }),

    flow('numbers-client-leaves', 'a client that leaves in the middle of GET /numbers stops the writing, and the next one is served', async (t) => {
      const mark = t.output.mark()
      const exchange = await t.stream(get(`/numbers?count=${LEAVING_COUNT}`).timeout(8000).expectStatus(200), {
        read: { kind: 'leave-after', bytes: LEAVE_AFTER_BYTES },
      })
      // Anything still writing to the response that has gone does so within a few beats.
      await t.settle()
      await sleep(WATCH_AFTER_LEAVING_MS)
      const late = (await t.mistakesSeen(mark)).find((mistake) => mistake.code === 'write-after-close')
      if (late) {
        t.fail("after the client left GET /numbers, the program went on writing to it: stop when the response closes (res.on('close', …)); a writer that waits for 'drain' stops by itself, as a response that has gone never drains", {
          diagnosis: 'write-after-close',
          expected: `no more writes once the client has gone (it left after ${exchange.leftAfterBytes ?? LEAVE_AFTER_BYTES} bytes)`,
          actual: late.detail,
          exchange,
        })
      }
      await t.send(get('/numbers?count=3').freshConnection().expectStatus(200).expectBody('1\n2\n3\n'))
    }),

    drawn('not-found', 'any other path answers 404', ({ random }) => get(`/${random.word()}`).expectStatus(404)),
  ],
})

function expectHashOf(t: HttpCheckContext, exchange: Exchange & { sentSha256: string | null }, bytes: number) {
  const expected = { bytes, sha256: exchange.sentSha256 }
  const type = mediaType(exchange.response!)
  if (type !== 'application/json') {
    t.fail(`POST /hash answered with Content-Type ${type ?? '(none)'}, expected application/json`, { expected: 'application/json', actual: type ?? 'no Content-Type', exchange })
  }
  const actual = exchange.body
  if (actual === undefined) {
    t.fail(`POST /hash of ${mebibytes(bytes)} did not answer JSON`, { expected: JSON.stringify(expected), actual: exchange.response!.body.toString('utf8').slice(0, 200), exchange })
  }
  const got = actual as { bytes?: unknown; sha256?: unknown } | null
  if (got?.bytes !== bytes || got?.sha256 !== expected.sha256) {
    t.fail(`POST /hash of ${mebibytes(bytes)} answered the wrong count or hash`, { expected: JSON.stringify(expected), actual: JSON.stringify(actual), exchange })
  }
}
