// Proves `npm run verify` checks the lessons' texts and fails on each kind of broken lesson,
// naming the file and the field: a bad front matter field, 2 hints, an unbalanced quiz, a starter
// without TODO, a ```ts block that does not compile. It runs the real command (--text-only) on
// a small workbook built here, so a `verify` that always said yes would fail this test.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from '../support/workbook-command.ts'

const VERIFY = workbookCommand('verify')
const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

type Parts = { frontMatter: string; body: string; starter: string }

const question = (n: number, answer: number) =>
  [
    `  - question: Which is number ${n}?`,
    '    choices:',
    ...['one', 'two', 'six', 'ten'].map((choice) => `      - "${choice}"`),
    `    answer: ${answer}`,
    '    explanation: Because it is.',
  ].join('\n')

const GOOD: Parts = {
  frontMatter: [
    'title: A sample',
    'entry: server.ts',
    'hints:',
    '  - Look at the request.',
    '  - Answer it with res.end().',
    "  - res.end('ok') ends it.",
    'quiz:',
    ...[0, 1, 2, 3].map((answer, n) => question(n, answer)),
  ].join('\n'),
  body: "# A sample\n\n```ts\nimport http from 'node:http'\nconst server = http.createServer((req, res) => res.end('ok'))\nserver.close()\n```\n",
  starter: "import http from 'node:http'\n// TODO: answer every request\nhttp.createServer(() => {}).listen(3000)\n",
}

const lessonText = (parts: Parts) => `---\n${parts.frontMatter}\n---\n${parts.body}`
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1

/** A workbook with one lesson, 01-sample, made of these parts. */
function workbook(parts: Parts): string {
  const root = mkdtempSync(join(tmpdir(), 'verify-text-'))
  made.push(root)
  for (const dir of ['lessons', 'exercises/01-sample', 'solutions/01-sample']) mkdirSync(join(root, dir), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  copyFileSync(join(ROOT, 'exercises', 'tsconfig.json'), join(root, 'exercises', 'tsconfig.json'))
  writeFileSync(join(root, 'lessons', '01-sample.md'), lessonText(parts))
  writeFileSync(join(root, 'exercises', '01-sample', 'server.ts'), parts.starter)
  writeFileSync(join(root, 'solutions', '01-sample', 'server.ts'), "import http from 'node:http'\nhttp.createServer((req, res) => res.end('ok')).listen(3000)\n")
  return root
}

function verifyTexts(root: string): { status: number | null; output: string } {
  const run = spawnSync(VERIFY[0], [...VERIFY.slice(1), '--text-only', '--root', root], {
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  })
  return { status: run.status, output: run.stdout + run.stderr }
}

describe('verify checks the lessons’ texts', () => {
  it('passes a lesson with nothing wrong', () => {
    const { status, output } = verifyTexts(workbook(GOOD))
    expect(output).toContain('✓ no problems')
    expect(output).toContain('✔ curriculum verified')
    expect(status).toBe(0)
  }, 60_000)

  const notCompiling = { ...GOOD, body: `${GOOD.body}\nMore text.\n\n\`\`\`ts\nconst count: number = 'one'\n\`\`\`\n` }
  const broken: [string, Parts, string[]][] = [
    [
      'a bad front matter field, and an unknown key',
      { ...GOOD, frontMatter: GOOD.frontMatter.replace('    answer: 2', '    answer: 5').replace('title: A sample', 'title: A sample\nhint: a typo') },
      ['lessons/01-sample.md: quiz[2].answer is 5, but there are 4 choices', 'lessons/01-sample.md: hint is not a front matter key'],
    ],
    [
      'two hints',
      { ...GOOD, frontMatter: GOOD.frontMatter.replace("  - res.end('ok') ends it.\n", '') },
      ['lessons/01-sample.md: hints has 2 hints; a lesson needs 3 or more'],
    ],
    [
      'an unbalanced quiz',
      { ...GOOD, frontMatter: GOOD.frontMatter.replace(/answer: \d/g, 'answer: 1').replace(/"two"/g, '"two, the longest"') },
      [
        'lessons/ (all 1): quiz: 4 of 4 right answers (100 %) are at position 1 (answer: 1); no position may hold over 40 %',
        'lessons/ (all 1): quiz: the right choice is the strictly longest one in 4 of 4 questions (100 %); at most 40 %',
        'lessons/01-sample.md: quiz: the right choice is the strictly longest one in 4 questions (quiz[0], quiz[1], quiz[2], quiz[3]); at most 1 per lesson',
      ],
    ],
    [
      'a starter without TODO',
      { ...GOOD, starter: GOOD.starter.replace('// TODO: answer every request\n', '') },
      ['exercises/01-sample/server.ts: has no TODO mark'],
    ],
    [
      'a ts block that does not compile',
      notCompiling,
      [`lessons/01-sample.md:${lineOf(lessonText(notCompiling), 'const count')}: code block: TS2322: Type 'string' is not assignable to type 'number'.`],
    ],
  ]

  it.each(broken)('fails on %s, naming the file and the field', (_kind, parts, expected) => {
    const { status, output } = verifyTexts(workbook(parts))
    for (const line of expected) expect(output).toContain(`✗ ${line}`)
    expect(output).toMatch(new RegExp(`✖ ${expected.length} problem\\(s\\)`))
    expect(status).toBe(1)
  }, 60_000)
})
