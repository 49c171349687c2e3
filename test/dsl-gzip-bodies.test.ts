// Proves the upload bodies are what they claim: a zip bomb built from one repeated piece is a
// valid gzip stream (its trailer's CRC-32 and size included) that inflates to exactly the size
// asked, at about 1,000 times its own; the exact-size bodies inflate to their size; the corrupt
// ones fail as zlib fails on corrupt gzip.
import zlib from 'node:zlib'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { crc32Combine, crc32Repeated, gzipOfSize, notGzip, truncatedGzip, zipBomb } from '../src/dsl/gzip-bodies.ts'

/** Inflates as a server should, counting and keeping nothing, and checks every byte is a zero. */
async function inflatedZeros(gzip: Buffer): Promise<number> {
  let bytes = 0
  let allZero = true
  await pipeline(
    [gzip],
    zlib.createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length
        if (allZero && chunk.some((byte) => byte !== 0)) allZero = false
        callback()
      },
    }),
  )
  if (!allZero) throw new Error('a byte that is not zero')
  return bytes
}

describe('CRC-32 arithmetic', () => {
  it('combines and repeats as computing over the bytes would', () => {
    const a = Buffer.from('hello, ')
    const b = Buffer.from('wörld 🚀')
    expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(Buffer.concat([a, b])))
    expect(crc32Repeated(zlib.crc32(b), b.length, 7)).toBe(zlib.crc32(Buffer.concat(new Array(7).fill(b))))
    expect(crc32Repeated(zlib.crc32(b), b.length, 0)).toBe(0)
  })
})

describe('a zip bomb', () => {
  it('inflates to exactly its size, trailer checked by zlib, from about a thousandth of it', async () => {
    const size = 48 * 1024 * 1024 + 12_345
    const bomb = zipBomb(size)
    expect(bomb.inflatedBytes).toBe(size)
    expect(bomb.bytes.length).toBeLessThan(size / 900)
    expect(await inflatedZeros(bomb.bytes)).toBe(size)
  }, 30_000)

  it('of a GiB is built in a moment, without the GiB', () => {
    const started = performance.now()
    const bomb = zipBomb(1024 ** 3)
    expect(bomb.bytes.length).toBeLessThan(1.1 * 1024 * 1024)
    expect(bomb.bytes.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]))
    expect(bomb.bytes.readUInt32LE(bomb.bytes.length - 4)).toBe(1024 ** 3) // the size, modulo 2^32
    expect(performance.now() - started).toBeLessThan(5000)
  })
})

describe('the other upload bodies', () => {
  it('gzipOfSize inflates to its size, from a few KB', () => {
    const body = gzipOfSize(2_000_001)
    expect(zlib.gunzipSync(body).length).toBe(2_000_001)
    expect(body.length).toBeLessThan(20_000)
  })

  it('notGzip and truncatedGzip fail as corrupt gzip fails', () => {
    expect(() => zlib.gunzipSync(notGzip())).toThrow(expect.objectContaining({ code: 'Z_DATA_ERROR' }))
    expect(() => zlib.gunzipSync(truncatedGzip('some text to cut short, '.repeat(50)))).toThrow(expect.objectContaining({ code: 'Z_BUF_ERROR' }))
  })
})
