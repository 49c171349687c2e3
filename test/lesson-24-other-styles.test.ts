// Lesson 24's promise that any correct server passes, however it writes its stream: one shared
// interval, headers sent by a `retry:` line instead of flushHeaders(), CRLF line ends, fields in
// another order without spaces, comments, multi-line JSON data, broadcasts with no `event:` line.
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { fixture } from './helpers.ts'

describe('lesson 24, server-sent events', () => {
  it('passes a correct server written in another style', async () => {
    const lesson = loadLessons().find((candidate) => candidate.number === 24)!
    const result = await checkLesson(lesson, fixture('sse-other-style.ts'), { seed: 24 })
    expect(result.checks.filter((check) => check.status !== 'pass').map((check) => `${check.id}: ${check.message}`)).toEqual([])
  }, 60_000)
})
