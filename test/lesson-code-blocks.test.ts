// Proves every `ts` block in lessons/ compiles under the exercises' strict tsconfig (and runs
// where marked), and that the marks themselves work: a block wrong on purpose must fail the way
// its mark says, a block marked to run must print what it says.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { codeBlocks, withoutMarks } from '../src/curriculum/code-blocks.ts'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { ROOT } from '../src/root.ts'
import { checkCodeBlocks } from '../src/verify/lesson-code-blocks.ts'

const scratch = mkdtempSync(join(tmpdir(), 'code-blocks-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const markdown = (name: string, text: string) => {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}

const fence = (code: string, ...marks: string[]) => `${marks.map((mark) => `<!-- check: ${mark} -->\n`).join('')}\`\`\`ts\n${code}\n\`\`\`\n`

describe('the lessons’ code blocks', () => {
  it('all compile under the exercises’ tsconfig, and run where marked', async () => {
    const problems = await checkCodeBlocks(loadLessons().map((lesson) => lesson.markdownPath), ROOT)
    expect(problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([])
  }, 120_000)
})

describe('code block marks', () => {
  it('reports a block that does not compile, at its line in the Markdown', async () => {
    const path = markdown('plain.md', `# Title\n\n${fence("const n: number = 'one'")}`)
    const problems = await checkCodeBlocks([path], ROOT)
    expect(problems).toHaveLength(1)
    expect(problems[0]!.line).toBe(4)
    expect(problems[0]!.message).toMatch(/^TS2322: Type 'string' is not assignable to type 'number'/)
  }, 60_000)

  it('compiles a block after its hidden prelude, and hides the marks from the learner', async () => {
    const text = `Text\n\n<!-- check: prelude\nimport type { ServerResponse } from 'node:http'\ndeclare const res: ServerResponse\n-->\n${fence("res.end('ok')")}`
    expect(await checkCodeBlocks([markdown('prelude.md', text)], ROOT)).toEqual([])
    expect(withoutMarks(text)).toBe("Text\n\n```ts\nres.end('ok')\n```\n")
  }, 60_000)

  it('holds a block marked wrong on purpose to the error its mark names', async () => {
    const right = markdown('fails-right.md', fence("import http from 'node:http'\nhttp.createServer((req, res) => res.end(String(req.body)))", 'fails TS2339'))
    const compiles = markdown('fails-compiles.md', fence('const n = 1', 'fails TS2339'))
    const other = markdown('fails-other.md', fence("const n: number = 'one'", 'fails TS2339'))
    expect(await checkCodeBlocks([right], ROOT)).toEqual([])
    const problems = await checkCodeBlocks([compiles, other], ROOT)
    expect(problems.map((p) => p.message)).toEqual([
      'marked "fails TS2339", but it compiles',
      expect.stringMatching(/^marked "fails TS2339", but TS2322: /),
    ])
  }, 60_000)

  it('runs a block marked to run, and checks what it printed', async () => {
    const prints = markdown('runs.md', fence("console.log('hello from the block')", 'runs, prints "hello from the"'))
    const wrong = markdown('runs-wrong.md', fence("console.log('something else')", 'runs, prints "hello"'))
    const throws = markdown('runs-throws.md', fence("throw new Error('boom')", 'runs'))
    expect(await checkCodeBlocks([prints], ROOT)).toEqual([])
    const problems = await checkCodeBlocks([wrong, throws], ROOT)
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^marked to print "hello", but it printed: something else/),
      expect.stringMatching(/^marked "runs", but it exited with code 1: /),
    ])
  }, 60_000)

  it('compiles an esm block as an ES module (top-level await is allowed there only)', async () => {
    const code = "await new Promise((resolve) => setTimeout(resolve, 1))"
    expect(await checkCodeBlocks([markdown('esm.md', fence(code, 'esm'))], ROOT)).toEqual([])
    const problems = await checkCodeBlocks([markdown('cjs.md', fence(code))], ROOT)
    expect(problems).toHaveLength(1)
  }, 60_000)

  it('refuses a mark it does not know, naming the ones it does', () => {
    const { problems } = codeBlocks(fence('const a = 1', 'compiles please'))
    expect(problems).toEqual([{ line: 2, message: expect.stringContaining('unknown mark "<!-- check: compiles please -->"') }])
  })
})
