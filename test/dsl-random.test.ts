// Proves the checks' randomness repeats for a seed (a run can be replayed with --seed), bytes included.
import { describe, expect, it } from 'vitest'
import { createRandom } from '../src/dsl/random.ts'

describe('seeded randomness', () => {
  it('draws the same values and bytes again for the same seed, other ones for another', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed)
      return { word: random.word(), bytes: random.bytes(1001), int: random.int(1, 1_000_000) }
    }
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7).bytes.equals(draw(8).bytes)).toBe(false)
  })

  it('gives exactly the bytes asked for, not all alike', () => {
    const bytes = createRandom(1).bytes(4099)
    expect(bytes.length).toBe(4099)
    expect(new Set(bytes).size).toBeGreaterThan(200)
    expect(createRandom(1).bytes(0).length).toBe(0)
  })

  it('costs one draw however many bytes, so the draws after it do not depend on the length', () => {
    const after = (length: number) => {
      const random = createRandom(3)
      random.bytes(length)
      return random.name()
    }
    expect(after(10)).toBe(after(5 * 1024 * 1024))
  })
})
