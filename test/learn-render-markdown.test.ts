// Proves lesson text reads right in a terminal of 80 and of 150 columns: tables fit (wrapped
// cells, or a list of rows when too narrow), list items show their formatting instead of raw
// `**` and backticks and are reflowed like paragraphs. Only code may run past the edge.
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { renderMarkdown } from '../src/learn/render-markdown.ts'

const lessons = loadLessons()
const codeLines = (markdown: string) => new Set([...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split('\n').map((l) => l.trim())))

describe.each([80, 150])('lesson text at %i columns', (width) => {
  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))('%s fits, code aside', (_id, lesson) => {
    const code = codeLines(lesson.body)
    const text = renderMarkdown(lesson.body, width)
    const tooWide = text.split('\n').filter((line) => stringWidth(line) > width && !code.has(line.trim()))
    expect(tooWide).toEqual([])
    const prose = text.split('\n').filter((line) => !code.has(line.trim()))
    expect(prose.filter((line) => /\*\*\S|`\S[^`]*`/.test(line))).toEqual([])
  })
})

describe('tables and lists', () => {
  const table = '| request | answer |\n|---|---|\n| `GET /users` | `200`, a JSON list of every user stored so far, in the order they were created |\n'

  it('keeps a table that fits, and wraps the cells of one that does not', () => {
    expect(renderMarkdown(table, 150).split('\n')[3]).toBe('│ GET /users │ 200, a JSON list of every user stored so far, in the order they were created │')
    expect(renderMarkdown(table, 40)).toBe(
      [
        '┌────────────┬─────────────────────────┐',
        '│ request    │ answer                  │',
        '├────────────┼─────────────────────────┤',
        '│ GET /users │ 200, a JSON list of     │',
        '│            │ every user stored so    │',
        '│            │ far, in the order they  │',
        '│            │ were created            │',
        '└────────────┴─────────────────────────┘',
      ].join('\n'),
    )
  })

  it('turns a table into a list of rows where columns would be too narrow to read', () => {
    expect(renderMarkdown(table, 24)).toBe(['• request: GET /users', '  answer: 200, a JSON', '  list of every user', '  stored so far, in the', '  order they were', '  created'].join('\n'))
  })

  it('renders a list item’s formatting and reflows it', () => {
    const list = '- **`missing-end`**: waiting for `end` before\n  answering, so the client never gets an answer at all, however long it waits.\n- second'
    expect(renderMarkdown(list, 40)).toBe(
      ['  * missing-end: waiting for end', '    before answering, so the client', '    never gets an answer at all,', '    however long it waits.', '  * second'].join('\n'),
    )
  })
})
