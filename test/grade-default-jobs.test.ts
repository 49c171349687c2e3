// Proves how many programs `grade` runs at once without --jobs: four per core, at most 16, and
// never more than the free memory holds at the heap cap plus Node's own share each.
import { describe, expect, it } from 'vitest'
import { defaultGradeJobs } from '../src/grade/default-jobs.ts'

const GiB = 1024 ** 3

describe('grade without --jobs', () => {
  it('runs four programs per core when memory is plenty', () => {
    expect(defaultGradeJobs(256, { cores: 2, freeBytes: 20 * GiB })).toBe(8)
    expect(defaultGradeJobs(256, { cores: 1, freeBytes: 20 * GiB })).toBe(4)
  })

  it('runs at most 16 on a big machine', () => {
    expect(defaultGradeJobs(256, { cores: 32, freeBytes: 200 * GiB })).toBe(16)
  })

  it('runs no more than the free memory holds, and always at least one', () => {
    // 256 MB heap cap + 64 MB of Node's own: 1 GiB free holds three.
    expect(defaultGradeJobs(256, { cores: 8, freeBytes: GiB })).toBe(3)
    expect(defaultGradeJobs(256, { cores: 8, freeBytes: 100 * 1024 * 1024 })).toBe(1)
  })
})
