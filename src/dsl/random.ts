/** Seeded randomness, so a run that drew names and numbers can be repeated exactly (`--seed`). */
export type Random = {
  readonly seed: number
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** A short lowercase word, e.g. `mavo`. */
  word(): string
  /** A person's name, sometimes with letters outside ASCII. */
  name(): string
  /** `length` bytes (a file's content, a body), the same for the same seed; megabytes take milliseconds. */
  bytes(length: number): Buffer
}

const FIRST = ['Ada', 'Grace', 'Linus', 'Zoë', 'Mateo', 'Aiko', 'Noor', 'Søren', 'Priya', 'Kwame', 'Élodie', 'Yusuf']
const LAST = ['Lovelace', 'Hopper', 'Okafor', 'Nakamura', 'Ångström', 'Silva', 'Müller', 'Haddad', 'Kowalski', 'Reyes']

export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    // mulberry32: tiny, fast, good enough to vary test inputs
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!
  return {
    seed,
    int,
    pick,
    word: () => Array.from({ length: int(4, 7) }, (_, i) => pick(i % 2 ? [...'aeiou'] : [...'bcdfghjklmnprstvz'])).join(''),
    name: () => `${pick(FIRST)} ${pick(LAST)}`,
    bytes: (length) => seededBytes(int(1, 2 ** 32 - 1), length),
  }
}

/** xorshift32 from one draw, four bytes a step: one draw however many bytes, so other draws stay put. */
function seededBytes(seed: number, length: number): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4))
  let x = seed >>> 0 || 1
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    words[i] = x
  }
  return Buffer.from(words.buffer, 0, length)
}

export const newSeed = () => Math.floor(Math.random() * 1_000_000)
