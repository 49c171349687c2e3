// Lesson 22 ships public/big.txt (about 1 MiB, committed so that a learner can curl it before any
// check has run) and public/small.txt (under 1 KB). Proves both copies of each, the starter's and
// the solution's, are the same, that big.txt is exactly what its seeded generator makes, and
// that its size suits the lesson: over the 1 MB from which a whole-file read counts as one.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LARGE_READ_BYTES } from '../src/probe/events.ts'
import { ROOT } from '../src/root.ts'
import { BIG_TEXT_BYTES, bigText } from './lesson-22-big-text.ts'

const copies = (name: string) => ['exercises', 'solutions'].map((tree) => readFileSync(join(ROOT, tree, '22-compression', 'public', name)))

describe('lesson 22 public files', () => {
  it('big.txt is the seeded text, the same in the starter and the solution', () => {
    const [starter, solution] = copies('big.txt')
    const made = bigText()
    expect(starter!.equals(made)).toBe(true)
    expect(solution!.equals(made)).toBe(true)
    expect(made.length).toBeGreaterThanOrEqual(BIG_TEXT_BYTES)
    expect(made.length).toBeLessThan(BIG_TEXT_BYTES + 4096)
    expect(made.length).toBeGreaterThan(LARGE_READ_BYTES)
    expect(made.toString('utf8')).not.toContain('\uFFFD')
  })

  it('small.txt is under 1 KB, the same in both', () => {
    const [starter, solution] = copies('small.txt')
    expect(starter!.equals(solution!)).toBe(true)
    expect(starter!.length).toBeLessThan(1024)
  })
})
