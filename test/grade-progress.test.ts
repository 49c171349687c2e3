// Proves the progress display: a redrawn bar on a terminal (learner names cannot inject escape
// codes), a plain line per learner and lesson otherwise.
import { describe, expect, it } from 'vitest'
import { createProgress } from '../src/grade/progress.ts'
import type { GradedLesson } from '../src/grade/grade-one.ts'

const sink = () => {
  const written: string[] = []
  return { written, stream: { write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream }
}
const graded = (learner: string): GradedLesson => ({ learner, result: { lesson: 3, score: 2, maxScore: 6, passed: false } as GradedLesson['result'] })

describe('grade progress', () => {
  it('redraws one bar on a terminal', () => {
    const { written, stream } = sink()
    const progress = createProgress(stream, { tty: true })
    progress.update(graded('ada\u001b[2J'), 1, 4)
    progress.end()
    expect(written[0]).toBe('\r\u001b[2K[███████░░░░░░░░░░░░░░░░░░░░░] 1/4 ada?[2J · 3')
    expect(written[1]).toBe('\r\u001b[2K')
  })
  it('prints plain lines elsewhere', () => {
    const { written, stream } = sink()
    createProgress(stream, { tty: false }).update(graded('ada'), 2, 4)
    expect(written).toEqual(['[2/4] "ada" lesson 3: 2/6\n'])
  })
})
