// Proves the lessons' list shows the curriculum's two parts once Part two has lessons, and one
// plain list while it has none.
import { describe, expect, it } from 'vitest'
import type { Lesson } from '../src/curriculum/lessons.ts'
import { formatLessonList } from '../src/learn/lesson-list.ts'

const lesson = (number: number, title: string) => ({ number, title, id: `${String(number).padStart(2, '0')}-x` }) as Lesson
const progress = { lessons: {} } as never

describe('the lessons’ list', () => {
  it('is one list while every lesson is in Part one', () => {
    expect(formatLessonList([lesson(1, 'One'), lesson(17, 'Seventeen')], progress)).not.toContain('Part')
  })

  it('heads each part once Part two has begun', () => {
    const lines = formatLessonList([lesson(16, 'Sixteen'), lesson(17, 'Seventeen'), lesson(18, 'Eighteen')], progress).split('\n')
    expect(lines.map((line) => line.replace(/\s+$/, ''))).toEqual([
      'Part one: the http module',
      expect.stringContaining('16 Sixteen'),
      expect.stringContaining('17 Seventeen'),
      '',
      'Part two: under the hood and into production',
      expect.stringContaining('18 Eighteen'),
    ])
  })
})
