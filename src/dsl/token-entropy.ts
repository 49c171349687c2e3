/**
 * How many random bits a server's tokens (session ids) carry, judged from several of them as a
 * client sees them, never from source code. Positions that never change across the samples
 * carry nothing (a UUID's dashes and version digit, a fixed prefix, a counter's leading zeros);
 * every other position is counted at the bits per character of the alphabet seen there (hex 4,
 * base36 about 5.17, letters and digits about 5.95, base64 and base64url 6). Trailing `=`
 * padding is dropped. With a dozen samples, a truly random position stays constant by chance
 * with a probability of 16^-11 (hex) or less, so the estimate does not undercount an honest
 * generator, and it cannot overcount one by more than a few bits (the last base64 character
 * of 16 bytes holds 2 bits, counted as 6). What it cannot see is whether the generator is
 * predictable: 32 hex digits from `Math.random()` look as random as 32 from `crypto`.
 */

export type TokenEntropy = {
  /** Estimated random bits per token (rounded down). */
  bits: number
  /** A name for the alphabet seen at the changing positions. */
  alphabet: 'hex' | 'base36' | 'letters and digits' | 'base64' | 'mixed'
  bitsPerCharacter: number
  /** Positions (of the shortest token, padding dropped) that changed between samples. */
  changingPositions: number
  /** Length of the shortest token, padding dropped. */
  length: number
  /** Every sample has the shape of a UUID (8-4-4-4-12 hex digits). */
  uuid: boolean
  /** The first sample seen twice, or null when all differ. */
  repeated: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const ALPHABETS: { name: TokenEntropy['alphabet']; test: RegExp; size: number }[] = [
  { name: 'hex', test: /^(?:[0-9a-f]*|[0-9A-F]*)$/, size: 16 },
  { name: 'base36', test: /^(?:[0-9a-z]*|[0-9A-Z]*)$/, size: 36 },
  { name: 'letters and digits', test: /^[0-9A-Za-z]*$/, size: 62 },
  { name: 'base64', test: /^[0-9A-Za-z+/_-]*$/, size: 64 },
]

export function estimateTokenEntropy(samples: readonly string[]): TokenEntropy {
  const seen = new Set<string>()
  let repeated: string | null = null
  for (const sample of samples) {
    if (seen.has(sample) && repeated === null) repeated = sample
    seen.add(sample)
  }
  const tokens = samples.map((sample) => sample.replace(/=+$/, ''))
  const length = tokens.length ? Math.min(...tokens.map((token) => token.length)) : 0
  let changing = ''
  let changingPositions = 0
  for (let i = 0; i < length; i++) {
    const column = tokens.map((token) => token[i]!)
    if (column.some((character) => character !== column[0])) {
      changingPositions++
      changing += column.join('')
    }
  }
  const known = ALPHABETS.find((alphabet) => alphabet.test.test(changing))
  const size = known?.size ?? Math.max(2, new Set(changing).size)
  const bitsPerCharacter = Math.log2(size)
  return {
    bits: Math.floor(changingPositions * bitsPerCharacter + 1e-9),
    alphabet: known?.name ?? 'mixed',
    bitsPerCharacter,
    changingPositions,
    length,
    uuid: samples.length > 0 && samples.every((sample) => UUID.test(sample)),
    repeated,
  }
}
