/**
 * The `ts` code blocks of a lesson, with the author's marks for each. A mark is an HTML comment
 * right before the block (invisible once rendered), one or more of:
 *
 *   <!-- check: prelude
 *   declare const req: import('node:http').IncomingMessage
 *   -->                                   hidden lines the block is compiled after (what it uses)
 *   <!-- check: esm -->                   compile and run it as an ES module (top-level await, import.meta)
 *   <!-- check: fails TS2339 -->          wrong on purpose: it must fail to compile with that error
 *   <!-- check: runs, prints "text" -->   run it (a whole program); its output must contain the text
 */

export type CodeBlock = {
  /** 1-based line of the block's first code line in the Markdown file. */
  line: number
  code: string
  prelude: string
  esm: boolean
  /** A TypeScript error code such as `TS2339` the block must fail with, or null. */
  fails: string | null
  /** Run the block: null for "compile only", else the text its output must contain ('' for any). */
  prints: string | null
}

export type MarkProblem = { line: number; message: string }

const FENCE = /^```(ts|typescript)\s*$/
const MARK = /<!--\s*check:\s*([\s\S]*?)-->/g

/** The blocks of a Markdown text (front matter already removed or not: line numbers count from `firstLine`). */
export function codeBlocks(markdown: string, firstLine = 1): { blocks: CodeBlock[]; problems: MarkProblem[] } {
  const lines = markdown.split('\n')
  const blocks: CodeBlock[] = []
  const problems: MarkProblem[] = []
  let pending = ''
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (/^```/.test(line) && !FENCE.test(line)) {
      // Another language's block: skip it whole, and forget marks meant for a ts block.
      i = closingFence(lines, i)
      pending = ''
      continue
    }
    if (!FENCE.test(line)) {
      if (line.trimStart().startsWith('<!--')) {
        let text = line
        while (!text.includes('-->') && i + 1 < lines.length) text += `\n${lines[++i]!}`
        if (/<!--\s*check:/.test(text)) pending += text
      } else if (line.trim() !== '') {
        pending = ''
      }
      continue
    }
    const end = closingFence(lines, i)
    const code = lines.slice(i + 1, end).join('\n')
    const block: CodeBlock = { line: firstLine + i + 1, code, prelude: '', esm: false, fails: null, prints: null }
    for (const [, body] of pending.matchAll(MARK)) {
      const problem = applyMark(block, body!)
      if (problem) problems.push({ line: firstLine + i, message: problem })
    }
    blocks.push(block)
    pending = ''
    i = end
  }
  return { blocks, problems }
}

function closingFence(lines: string[], open: number): number {
  for (let j = open + 1; j < lines.length; j++) if (/^```\s*$/.test(lines[j]!)) return j
  return lines.length
}

function applyMark(block: CodeBlock, body: string): string | null {
  const text = body.trim()
  if (text.startsWith('prelude')) {
    block.prelude += `${text.slice('prelude'.length).replace(/^\s*\n/, '')}\n`
    return null
  }
  if (text === 'esm') {
    block.esm = true
    return null
  }
  const fails = /^fails\s+(TS\d+)$/.exec(text)
  if (fails) {
    block.fails = fails[1]!
    return null
  }
  const runs = /^runs(?:,\s*prints\s+"((?:[^"\\]|\\.)*)")?$/.exec(text)
  if (runs) {
    block.prints = runs[1] === undefined ? '' : JSON.parse(`"${runs[1]}"`)
    return null
  }
  return `unknown mark "<!-- check: ${text.split('\n')[0]} -->" (known: prelude, esm, fails TSnnnn, runs, runs, prints "text")`
}

/** Lesson Markdown without the authors' marks, for showing to a learner. */
export function withoutMarks(markdown: string): string {
  return markdown.replace(/[ \t]*<!--\s*check:[\s\S]*?-->[ \t]*\r?\n?/g, '')
}
