// Proves the estimate of random bits in session ids: ids made by real generators (crypto, UUIDs,
// Math.random, counters) are judged by what changes between them, not by their length alone.
import { randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { estimateTokenEntropy } from '../src/dsl/token-entropy.ts'

const many = (make: (i: number) => string, count = 12) => Array.from({ length: count }, (_, i) => make(i))

describe('random bits in tokens', () => {
  it('counts 16 random bytes as at least 128 bits in hex, base64 and base64url', () => {
    for (let run = 0; run < 20; run++) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        const estimate = estimateTokenEntropy(many(() => randomBytes(16).toString(encoding)))
        expect(estimate.bits, encoding).toBeGreaterThanOrEqual(128)
        expect(estimate.bits, encoding).toBeLessThanOrEqual(132)
        expect(estimate.repeated).toBeNull()
      }
    }
    expect(estimateTokenEntropy(many(() => randomBytes(16).toString('hex'))).alphabet).toBe('hex')
    expect(estimateTokenEntropy(many(() => randomBytes(32).toString('base64url'))).alphabet).toBe('base64')
  })

  it('counts 15 random bytes as fewer than 128 bits', () => {
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      expect(estimateTokenEntropy(many(() => randomBytes(15).toString(encoding))).bits, encoding).toBeLessThan(128)
    }
  })

  it('sees a UUID for what it is: dashes and the version digit never change', () => {
    const uuids = estimateTokenEntropy(many(() => randomUUID()))
    expect(uuids.uuid).toBe(true)
    expect(uuids.bits).toBeLessThan(128)
    const bare = estimateTokenEntropy(many(() => randomUUID().replaceAll('-', '')))
    expect(bare.uuid).toBe(false)
    expect(bare.bits).toBeLessThan(128)
  })

  it('gives little credit to Math.random, counters and timestamps, however they are padded', () => {
    expect(estimateTokenEntropy(many(() => Math.random().toString(36).slice(2))).bits).toBeLessThan(80)
    expect(estimateTokenEntropy(many((i) => String(i + 1000).padStart(32, '0'))).bits).toBeLessThan(20)
    expect(estimateTokenEntropy(many((i) => `user-${Date.now()}-${i}`.padEnd(40, 'x'))).bits).toBeLessThan(40)
  })

  it('names a repeated token', () => {
    expect(estimateTokenEntropy(['a', 'b', 'a']).repeated).toBe('a')
    expect(estimateTokenEntropy([]).bits).toBe(0)
  })
})
