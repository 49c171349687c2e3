// Proves the benchmark's pieces measure what they say: the median of the samples, each run timed, and a floor that
// really starts a server, answers one request and stops (JavaScript and TypeScript).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { floorFiles, serveOnce } from '../bench/floor.ts'
import { measure, timingOf } from '../bench/measure.ts'

describe('benchmark pieces', () => {
  it('takes the median of its samples, the mean of the middle two for an even count', () => {
    expect(timingOf('odd', [30, 5, 15])).toEqual({ label: 'odd', runs: 3, medianMs: 15, minMs: 5, maxMs: 30 })
    expect(timingOf('even', [40, 10, 20, 30])).toEqual({ label: 'even', runs: 4, medianMs: 25, minMs: 10, maxMs: 40 })
    expect(() => timingOf('none', [])).toThrow('none: no samples to take a median of')
  })

  it('times each run of the work', async () => {
    let done = 0
    const timing = await measure('work', 3, async () => void done++)
    expect(done).toBe(3)
    expect(timing.runs).toBe(3)
    expect(timing.minMs).toBeLessThanOrEqual(timing.medianMs)
    expect(timing.medianMs).toBeLessThanOrEqual(timing.maxMs)
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
