/**
 * Proves the lessons' `ts` code blocks: each compiles under the exercises' strict tsconfig (one
 * TypeScript program for all of them), a block marked `fails TSnnnn` fails with that error, and
 * a block marked `runs` runs as a program and prints what its mark says.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import type * as TypeScript from 'typescript'
import { codeBlocks, type CodeBlock } from '../curriculum/code-blocks.ts'

export type BlockProblem = { file: string; line: number; message: string }

type Placed = { block: CodeBlock; markdownPath: string; path: string; preludeLines: number }

const RUN_DEADLINE_MS = 10_000

/** Every problem with the blocks of these Markdown files; `root` holds `exercises/tsconfig.json` and `node_modules/`. */
export async function checkCodeBlocks(markdownPaths: string[], root: string): Promise<BlockProblem[]> {
  const scratch = join(root, 'node_modules', '.cache', 'lesson-code-blocks', `${process.pid}-${Date.now()}`)
  mkdirSync(scratch, { recursive: true })
  // No "type" field, as in exercises/: a .ts block is what a learner's server.ts is.
  writeFileSync(join(scratch, 'package.json'), '{ "private": true }\n')
  try {
    const problems: BlockProblem[] = []
    const placed: Placed[] = []
    for (const markdownPath of markdownPaths) {
      const file = relative(root, markdownPath)
      const { blocks, problems: markProblems } = codeBlocks(readFileSync(markdownPath, 'utf8'))
      problems.push(...markProblems.map((problem) => ({ file, ...problem })))
      blocks.forEach((block, index) => {
        const name = `${file.replace(/[^a-z0-9]+/gi, '-')}-block-${index + 1}.${block.esm ? 'mts' : 'ts'}`
        const path = join(scratch, name)
        const prelude = block.prelude
        writeFileSync(path, `${prelude}${block.code}\nexport {}\n`)
        placed.push({ block, markdownPath: file, path, preludeLines: prelude ? prelude.split('\n').length - 1 : 0 })
      })
    }
    problems.push(...typeCheck(placed, root))
    for (const entry of placed.filter((p) => p.block.prints !== null)) {
      const problem = await runBlock(entry, root)
      if (problem) problems.push(problem)
    }
    return problems
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

function typeCheck(placed: Placed[], root: string): BlockProblem[] {
  const ts = createRequire(join(root, 'package.json'))('typescript') as typeof TypeScript
  const config = ts.readConfigFile(join(root, 'exercises', 'tsconfig.json'), ts.sys.readFile)
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, join(root, 'exercises'))
  const program = ts.createProgram(placed.map((p) => p.path), { ...options, noEmit: true })
  const problems: BlockProblem[] = []
  for (const entry of placed) {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(entry.path))
    const lineIndex = (d: TypeScript.Diagnostic) => (d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0)
    const inPrelude = (d: TypeScript.Diagnostic) => lineIndex(d) < entry.preludeLines
    // A prelude error points at the mark's line, just above the block.
    const at = (d: TypeScript.Diagnostic) => (inPrelude(d) ? entry.block.line - 1 : entry.block.line + lineIndex(d) - entry.preludeLines)
    const describe = (d: TypeScript.Diagnostic) => `${inPrelude(d) ? 'in the prelude: ' : ''}TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
    if (entry.block.fails) {
      if (!diagnostics.some((d) => `TS${d.code}` === entry.block.fails)) {
        const got = diagnostics.length ? diagnostics.map(describe).join('; ') : 'it compiles'
        problems.push({ file: entry.markdownPath, line: entry.block.line, message: `marked "fails ${entry.block.fails}", but ${got}` })
      }
      continue
    }
    for (const diagnostic of diagnostics) problems.push({ file: entry.markdownPath, line: at(diagnostic), message: describe(diagnostic) })
  }
  return problems
}

/** Runs a block with tsx, as a learner would run it, and checks what it printed. */
function runBlock(entry: Placed, root: string): Promise<BlockProblem | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry.path], {
      cwd: join(entry.path, '..'),
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    const collect = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000))
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
    }, RUN_DEADLINE_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const wanted = entry.block.prints!
      const where = { file: entry.markdownPath, line: entry.block.line }
      if (signal) return resolve({ ...where, message: `marked "runs", but it was still running after ${RUN_DEADLINE_MS / 1000} s (a program shown as runnable must exit by itself)` })
      if (!output.includes(wanted)) return resolve({ ...where, message: `marked to print ${JSON.stringify(wanted)}, but it printed: ${output.trim().slice(0, 400) || '(nothing)'}` })
      if (wanted === '' && code !== 0) return resolve({ ...where, message: `marked "runs", but it exited with code ${code}: ${output.trim().slice(0, 400)}` })
      resolve(null)
    })
  })
}
