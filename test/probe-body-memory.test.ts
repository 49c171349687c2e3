// Proves the probe measures what a program still holds of a large request body when the body
// ends (after a garbage collection), so that hashing as the chunks arrive is told apart from
// keeping them, whether kept as Buffers or as a string; and that the runner then names
// buffered-whole-body. Also that every heartbeat carries the program's memory.
import { describe, expect, it } from 'vitest'
import { flow, heldWhole, post } from '../src/dsl/index.ts'
import type { BodyMemory } from '../src/dsl/index.ts'
import { LARGE_BODY_BYTES } from '../src/probe/events.ts'
import { gradeFixture, startFixture } from './helpers.ts'

const BODY_BYTES = 48 * 1024 * 1024

/** Sends a generated body to a route of hashes-bodies.ts; returns what the probe measured and the answer. */
async function send(path: string, bytes = BODY_BYTES) {
  let memory: BodyMemory[] = []
  let answer: unknown = null
  let sent: string | null = null
  const result = await gradeFixture('hashes-bodies.ts', [
    flow('send', 'send', async (t) => {
      const mark = t.output.mark()
      const exchange = await t.stream(post(path).timeout(20_000).expectStatus(200), { generatedBody: { bytes, seed: 7 } })
      answer = JSON.parse(exchange.response!.body.toString('utf8'))
      sent = exchange.sentSha256
      memory = await t.bodyMemory(mark)
      if (memory.some(heldWhole)) t.fail('held whole') // the diagnosis comes from the runner
    }),
  ])
  return { memory, answer, sent, check: result.checks[0]! }
}

describe('the probe measures memory held of a large body', () => {
  it('finds little held by a program that hashes each chunk as it comes (for await)', async () => {
    const { memory, answer, sent, check } = await send('/for-await')
    expect(answer).toEqual({ bytes: BODY_BYTES, sha256: sent })
    expect(memory).toHaveLength(1)
    expect(memory[0]).toMatchObject({ method: 'POST', url: '/for-await', bodyBytes: BODY_BYTES })
    expect(memory[0]!.heldBytes).toBeLessThan(BODY_BYTES / 2) // the rule: half the body held
    expect(check).toMatchObject({ status: 'pass', diagnosis: null })
  }, 60_000)

  it('finds little held by a program that pipes the body into the hash', async () => {
    const { memory, check } = await send('/pipeline')
    // Chunks still in flight (socket, stream and hash buffers) are not the body held: the rule is half the body.
    expect(memory[0]!.heldBytes).toBeLessThan(BODY_BYTES / 2)
    expect(check.status).toBe('pass')
  }, 60_000)

  it('finds the whole body held by a program that keeps the chunks (Buffer.concat), and names buffered-whole-body', async () => {
    const { memory, answer, sent, check } = await send('/concat')
    expect(answer).toEqual({ bytes: BODY_BYTES, sha256: sent })
    expect(memory[0]!.heldBytes).toBeGreaterThan(BODY_BYTES * 0.9)
    expect(memory[0]!.arrayBuffersGrowth).toBeGreaterThan(BODY_BYTES * 0.9)
    expect(check).toMatchObject({ status: 'fail', diagnosis: 'buffered-whole-body' })
    expect(check.detail).toMatch(/^POST \/concat: \d+\.\d MiB of its 48\.0 MiB body were still held in memory when it ended/)
  }, 60_000)

  it('finds the whole body held by a program that keeps it as a string', async () => {
    const { memory, check } = await send('/string')
    expect(memory[0]!.heldBytes).toBeGreaterThan(BODY_BYTES * 0.9)
    expect(memory[0]!.arrayBuffersGrowth).toBeLessThan(BODY_BYTES / 4) // it is in the heap, not in Buffers
    expect(check.diagnosis).toBe('buffered-whole-body')
  }, 60_000)

  it('does not measure a body under the threshold', async () => {
    const { memory, check } = await send('/concat', LARGE_BODY_BYTES - 1)
    expect(memory).toEqual([])
    expect(check.status).toBe('pass')
  }, 60_000)

  it('sends the RSS and ArrayBuffers with every heartbeat', async () => {
    const { program } = await startFixture('ok.ts')
    try {
      await program.settle()
      const beat = program.process.probeEvents().find((event) => event.t === 'beat')
      expect(beat).toMatchObject({ rss: expect.any(Number), arrayBuffers: expect.any(Number) })
      expect((beat as { rss: number }).rss).toBeGreaterThan(10 * 1024 * 1024)
    } finally {
      await program.stop()
    }
  }, 30_000)
})
