/**
 * What the probe measured of a large request body as it ended, and the rule that says the
 * program held it whole (`buffered-whole-body`): still holding half of it or more. A program
 * that passes each chunk on (hashing, writing) holds a few chunks at a time, whatever the size.
 */
export type BodyMemory = {
  method: string
  url: string
  /** The body's size, as its Content-Length announced it. */
  bodyBytes: number
  /** How much more memory (ArrayBuffers and heap, after a garbage collection) the program held when the body ended than when the request arrived. */
  heldBytes: number
  /** The same for ArrayBuffers alone, where Buffers live. */
  arrayBuffersGrowth: number
  /** How far the program's RSS rose above its level when the request arrived, at its highest. */
  peakRssGrowth: number
}

export const heldWhole = (memory: BodyMemory): boolean => memory.heldBytes >= memory.bodyBytes / 2

/** `134217728` → `128.0 MiB`. */
export const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
