// Proves the benchmark's pieces measure what they say: medians of real runs, and a floor that
// really starts a server, answers one request and stops (JavaScript and TypeScript).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { floorFiles, serveOnce } from '../bench/floor.ts'
import { measure } from '../bench/measure.ts'

describe('benchmark pieces', () => {
  it('takes the median of its runs', async () => {
    const delays = [30, 5, 15]
    const timing = await measure('sleeps', 3, () => new Promise((resolve) => setTimeout(resolve, delays.shift())))
    expect(timing.runs).toBe(3)
    expect(timing.minMs).toBeLessThanOrEqual(timing.medianMs)
    expect(timing.medianMs).toBeLessThanOrEqual(timing.maxMs)
    expect(timing.medianMs).toBeGreaterThanOrEqual(14)
  })

  it('measures a floor that serves one request, in JavaScript and in TypeScript through either half of tsx', async () => {
    const files = floorFiles()
    await expect(serveOnce(files.js, null)).resolves.toBeUndefined()
    await expect(serveOnce(files.ts, 'commonjs')).resolves.toBeUndefined()
    await expect(serveOnce(files.ts, 'esm')).resolves.toBeUndefined()
  })

  it('refuses a floor that never answers', async () => {
    const quitter = join(mkdtempSync(join(tmpdir(), 'workbook-floor-')), 'quits.mjs')
    writeFileSync(quitter, "console.log('1'); process.exit(0)\n") // prints a port, then leaves
    await expect(serveOnce(quitter, null)).rejects.toThrow()
  })
})
