// Proves that `check` reads a lesson's title and entry without the YAML parser only when YAML
// would read them the same: on every lesson of the curriculum, and never in the cases where
// YAML reads a line differently (those fall back to the parser).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { plainStrings, splitFrontMatter } from '../src/curriculum/front-matter.ts'
import { lessonFiles, loadLesson, loadLessonHeading } from '../src/curriculum/lessons.ts'

const KEYS = ['title', 'entry'] as const
const page = (frontMatter: string) => `---\n${frontMatter}\n---\n# Body\n`

describe("a lesson's title and entry read without the YAML parser", () => {
  it('agree with the YAML parser on every lesson', () => {
    for (const files of lessonFiles()) {
      const text = readFileSync(files.markdownPath, 'utf8')
      const { data } = splitFrontMatter(text)
      expect(plainStrings(text, KEYS), files.id).toEqual({ title: data.title, entry: data.entry })
      const { title, entry } = loadLesson(files)
      expect(loadLessonHeading(files)).toEqual({ ...files, title, entry })
    }
  })

  it('read plain and double-quoted one-line strings', () => {
    expect(plainStrings(page('title: Headers and JSON — part 2\nentry: server.ts\nhints:\n  - x'), KEYS)).toEqual({ title: 'Headers and JSON — part 2', entry: 'server.ts' })
    expect(plainStrings(page('title: "req and res: both"\nentry: app.ts'), KEYS)).toEqual({ title: 'req and res: both', entry: 'app.ts' })
  })

  it('leave to the YAML parser whatever YAML reads otherwise', () => {
    for (const frontMatter of [
      'title: Yes\nentry: server.ts', // a boolean to YAML 1.1 readers
      'title: null\nentry: server.ts',
      'title: 404\nentry: server.ts', // a number
      'title: a: b\nentry: server.ts', // a mapping
      'title: Headers # and JSON\nentry: server.ts', // a comment
      'title: Headers\n  and JSON\nentry: server.ts', // continued on the next line
      'title: "say \\"hi\\""\nentry: server.ts', // escapes
      "title: 'single quoted'\nentry: server.ts",
      'title: >\n  folded\nentry: server.ts',
      'title: One\ntitle: Two\nentry: server.ts', // repeated
      'entry: server.ts', // missing
    ]) {
      expect(plainStrings(page(frontMatter), KEYS), frontMatter).toBeNull()
    }
    expect(plainStrings('# no front matter\n', KEYS)).toBeNull()
  })
})
