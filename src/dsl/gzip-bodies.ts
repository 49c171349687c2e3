/**
 * Request bodies for checks of gzip uploads: text gzipped, bodies of an exact inflated size,
 * gzip that is corrupt or cut short, and a zip bomb built from one repeated piece, so that a
 * few MB that inflate to GBs cost the checker a millisecond and no memory to make.
 */
import zlib from 'node:zlib'

/** `data` gzipped (zlib's default level). */
export function gzipped(data: Buffer | string): Buffer {
  return zlib.gzipSync(data)
}

/**
 * A gzip body that inflates to exactly `inflatedBytes` bytes of repetitive text: a few KB on
 * the wire, whatever it inflates to, so that only the inflated size can decide a server's answer.
 */
export function gzipOfSize(inflatedBytes: number, phrase = 'the quick brown fox inflates a body. '): Buffer {
  return zlib.gzipSync(Buffer.alloc(inflatedBytes, phrase))
}

/** Bytes that announce nothing gzip can read (no gzip magic number at all). */
export function notGzip(text = 'this body was never gzipped, whatever its Content-Encoding says\n'): Buffer {
  return Buffer.from(text)
}

/** A real gzip stream cut off before its end: the inflater runs out of input ("unexpected end of file"). */
export function truncatedGzip(data: Buffer | string): Buffer {
  const whole = zlib.gzipSync(data)
  return whole.subarray(0, Math.max(11, Math.floor(whole.length / 2)))
}

export type ZipBomb = {
  /** The gzip stream, valid to its last byte (trailer's CRC-32 and size included). */
  bytes: Buffer
  /** How many bytes it inflates to. */
  inflatedBytes: number
}

/** Zeros per repeated piece of the bomb: each compresses to about 1 KB. */
const PIECE_BYTES = 1024 * 1024

/**
 * A gzip stream that inflates to `inflatedBytes` zeros (about 1,000 times its own size), made
 * without compressing them: one piece of 1 MiB of zeros is deflated once and repeated. Each
 * piece ends with a sync flush (a non-final block, byte-aligned), so pieces can follow each
 * other, and its back-references stay inside its own zeros, so they are valid wherever it lands.
 * An empty final block, then the trailer: the CRC-32 of all the zeros (combined arithmetically
 * from the piece's, never computed over GBs) and the size modulo 2^32.
 */
export function zipBomb(inflatedBytes: number): ZipBomb {
  if (!Number.isSafeInteger(inflatedBytes) || inflatedBytes < 1) throw new RangeError(`zipBomb: ${inflatedBytes} is not a positive size`)
  const fullPieces = Math.floor(inflatedBytes / PIECE_BYTES)
  const tailBytes = inflatedBytes % PIECE_BYTES
  const flush = { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }
  const piece = zlib.deflateRawSync(Buffer.alloc(PIECE_BYTES), flush)
  const tail = tailBytes > 0 ? zlib.deflateRawSync(Buffer.alloc(tailBytes), flush) : Buffer.alloc(0)
  const finalBlock = zlib.deflateRawSync(Buffer.alloc(0))

  let crc = crc32Repeated(zlib.crc32(Buffer.alloc(PIECE_BYTES)), PIECE_BYTES, fullPieces)
  if (tailBytes > 0) crc = crc32Combine(crc, zlib.crc32(Buffer.alloc(tailBytes)), tailBytes)

  // RFC 1952: magic 1f 8b, method 8 (deflate), no flags, no time, no extra flags, OS unknown.
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc, 0)
  trailer.writeUInt32LE(inflatedBytes % 2 ** 32, 4)
  const bytes = Buffer.concat([header, ...new Array<Buffer>(fullPieces).fill(piece), tail, finalBlock, trailer])
  return { bytes, inflatedBytes }
}

// ── CRC-32 arithmetic (the method of zlib's crc32_combine) ──

/** A 32×32 matrix over GF(2), as 32 column vectors, times a vector. */
function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!
  return sum >>> 0
}

function gf2Square(matrix: Uint32Array): Uint32Array {
  const square = new Uint32Array(32)
  for (let n = 0; n < 32; n++) square[n] = gf2Times(matrix, matrix[n]!)
  return square
}

/** The operator that appends `length` zero bytes to a CRC-32 register. */
function zerosOperator(length: number): Uint32Array {
  // The operator for one zero bit: shift right, folding in the polynomial.
  let odd = new Uint32Array(32)
  odd[0] = 0xedb88320
  for (let n = 1; n < 32; n++) odd[n] = (1 << (n - 1)) >>> 0
  let power = gf2Square(gf2Square(gf2Square(odd))) // 8 bits: one zero byte
  let result: Uint32Array | null = null
  for (let left = length; left > 0; left = Math.floor(left / 2)) {
    if (left % 2 === 1) result = result ? compose(power, result) : power
    power = gf2Square(power)
  }
  return result ?? identity()
}

function compose(a: Uint32Array, b: Uint32Array): Uint32Array {
  const product = new Uint32Array(32)
  for (let n = 0; n < 32; n++) product[n] = gf2Times(a, b[n]!)
  return product
}

function identity(): Uint32Array {
  const matrix = new Uint32Array(32)
  for (let n = 0; n < 32; n++) matrix[n] = (1 << n) >>> 0
  return matrix
}

/** CRC-32 of A followed by B, from CRC(A), CRC(B) and B's length. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (gf2Times(zerosOperator(lengthB), crcA) ^ crcB) >>> 0
}

/** CRC-32 of `times` copies of a piece whose CRC-32 is `pieceCrc`. */
export function crc32Repeated(pieceCrc: number, pieceLength: number, times: number): number {
  const shift = zerosOperator(pieceLength)
  let crc = 0
  for (let i = 0; i < times; i++) crc = (gf2Times(shift, crc) ^ pieceCrc) >>> 0
  return crc
}
