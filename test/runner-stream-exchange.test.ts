// Proves the streaming client (t.stream) does what checks rely on, against real servers: a body
// sent in pieces notes when the answer's bytes arrive (a streaming echo answers before the last
// piece, a collecting one after), a slow reader makes the server's write() return false, a client
// that leaves hangs up after the bytes asked for, and a generated body is sent in full without
// being held by the sender.
import { describe, expect, it } from 'vitest'
import { flow, get, post } from '../src/dsl/index.ts'
import type { HttpCheckContext, StreamedExchange } from '../src/dsl/index.ts'
import { gradeFixture } from './helpers.ts'

/** Runs `work` against a fresh copy of `server`, returning what it returned; fails the test if the check failed. */
async function against<T>(server: string, work: (t: HttpCheckContext) => Promise<T>): Promise<T> {
  let value: T | undefined
  const result = await gradeFixture(server, [flow('work', 'work', async (t) => void (value = await work(t)))])
  expect(result.checks[0], result.checks[0]!.message).toMatchObject({ status: 'pass' })
  return value as T
}

const TEXT = 'zoë 名前 🚀 '.repeat(20)

describe('t.stream', () => {
  it('notes that a streaming echo answers while the body is still being sent, and a collecting one only after', async () => {
    const [streaming, collecting] = await against('streams-bodies.ts', async (t) => {
      const request = (path: string) => post(path).text(TEXT).slowly({ pieces: 20, delayMs: 20, splitCharacters: false }).expectStatus(200).expectBody(TEXT)
      return [await t.stream(request('/echo'), { hurryOnceAnswered: true }), await t.stream(request('/echo-whole'))] as StreamedExchange[]
    })
    expect(streaming!.request.pieces).toBe(20)
    expect(streaming!.arrivals[0]).toMatchObject({ requestFinished: false })
    expect(streaming!.arrivals[0]!.requestPiecesSent).toBeLessThan(20)
    expect(collecting!.arrivals[0]).toMatchObject({ requestFinished: true, requestPiecesSent: 20 })
    // Hurrying once answered: the streaming exchange is over well before 20 pauses of 20 ms.
    expect(streaming!.durationMs).toBeLessThan(collecting!.durationMs)
  }, 30_000)

  it('reads slowly enough for the server to see write() return false, and still gets every byte', async () => {
    const { exchange, line } = await against('streams-bodies.ts', async (t) => {
      const mark = t.output.mark()
      const exchange = await t.stream(get('/lines?count=300000').timeout(10_000).expectStatus(200), {
        read: { kind: 'slowly', stallMs: 100, bytesPerSecond: 8 * 1024 * 1024 },
      })
      return { exchange, line: await t.output.waitForLine('write() returned false', { since: mark, timeoutMs: 2000 }) }
    })
    const lines = exchange.response!.body.toString('latin1').split('\n')
    expect(lines).toHaveLength(300_001)
    expect(lines.at(-2)).toBe('300000')
    expect(Number(/false (\d+) times/.exec(line ?? '')?.[1])).toBeGreaterThan(0)
    // After the stall, no more than about 8 MiB a second: 2 MB take a good part of that second.
    expect(exchange.arrivals.at(-1)!.atMs - exchange.arrivals[0]!.atMs).toBeGreaterThan(100)
  }, 30_000)

  it('hangs up after the bytes asked for, and the server sees its client leave', async () => {
    const { exchange, line } = await against('streams-bodies.ts', async (t) => {
      const mark = t.output.mark()
      const exchange = await t.stream(get('/forever').expectStatus(200), { read: { kind: 'leave-after', bytes: 100_000 } })
      return { exchange, line: await t.output.waitForLine('closed after', { since: mark, timeoutMs: 3000 }) }
    })
    expect(exchange.error).toBeNull()
    expect(exchange.leftAfterBytes).toBeGreaterThanOrEqual(100_000)
    expect(exchange.response!.body.length).toBe(exchange.leftAfterBytes)
    expect(line).toMatch(/^closed after \d+ bytes$/)
  }, 30_000)

  it('sends a generated body whole, hashed as it goes, without holding it', async () => {
    const bytes = 96 * 1024 * 1024 + 12_345
    let peak = 0
    const before = process.memoryUsage().arrayBuffers
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - before)), 5)
    const exchange = await against('hashes-bodies.ts', (t) =>
      t.stream(post('/for-await').timeout(20_000).expectStatus(200), { generatedBody: { bytes, seed: 3 } }),
    ).finally(() => clearInterval(sampler))
    expect(exchange.sentBytes).toBe(bytes)
    expect(exchange.request).toMatchObject({ body: null, generatedBytes: bytes, pieces: 97 })
    expect(JSON.parse(exchange.response!.body.toString('utf8'))).toEqual({ bytes, sha256: exchange.sentSha256 })
    expect(peak).toBeLessThan(bytes / 4)
  }, 60_000)
})
