// Proves `check`'s precompiled TypeScript: the usual exercise runs with no TypeScript loader and
// passes as it does through tsx (import './x.js' naming x.ts, import.meta.url, require), a crash
// still names the learner's .ts file and line, the learner's folder is never written, and every
// program that needs more than that is left to tsx.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { precompile } from '../src/runner/precompile.ts'

const lesson = findLesson(loadLessons(), '3')
const folders: string[] = []
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

const ANSWER = `(req: any, res: any) => {
  res.setHeader('Content-Type', 'text/plain')
  if (req.url === '/countdown') {
    for (const line of ['3', '2', '1']) res.write(line + '\\n')
    return res.end('liftoff\\n')
  }
  res.end(req.method === 'GET' && req.url === '/' ? 'Hello, World!' : 'You asked for ' + req.method + ' ' + req.url)
}`

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'workbook-precompile-'))
  folders.push(dir)
  writeFileSync(join(dir, 'package.json'), '{}\n') // stands for exercises/package.json
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

async function checkPrecompiled(entry: string) {
  const env = await precompile(entry)
  expect(env).not.toBeNull()
  return checkLesson(lesson, entry, { env: { ...process.env, ...env }, loader: 'precompiled' })
}

describe('precompiled TypeScript', () => {
  it('runs ES module syntax importing ./answer.js (which is answer.ts) with import.meta.url, and every check passes', async () => {
    const dir = folder({
      'answer.ts': `export const answer = ${ANSWER}\n`,
      'server.ts': `import http from 'node:http'\nimport { fileURLToPath } from 'node:url'\nimport { answer } from './answer.js'\nif (!fileURLToPath(import.meta.url).endsWith('server.ts')) throw new Error('wrong url')\nif (!__filename.endsWith('server.ts')) throw new Error('wrong filename')\nhttp.createServer(answer).listen(3000)\n`,
    })
    const result = await checkPrecompiled(join(dir, 'server.ts'))
    expect(result.checks.filter((check) => check.status !== 'pass')).toEqual([])
    expect(readdirSync(dir).sort()).toEqual(['answer.ts', 'package.json', 'server.ts'])
  })

  it("names the learner's .ts file and line when the program crashes", async () => {
    const dir = folder({
      'server.ts': `import http from 'node:http'\ntype Unused = { a: number }\nhttp.createServer((req, res) => {\n  if (req.url === '/') return res.end('Hello, World!')\n  JSON.parse(req.url ?? '')\n}).listen(3000)\n`,
    })
    const result = await checkPrecompiled(join(dir, 'server.ts'))
    const crashed = result.checks.find((check) => check.diagnosis === 'crashed')
    expect(crashed?.where).toMatch(/^server\.ts:5:\d+$/)
  })

  it('leaves to tsx what needs more: import(), JavaScript beside the TypeScript, a syntax error, import.meta.resolve', async () => {
    const cases: Record<string, string>[] = [
      { 'server.ts': `import('./answer.js')\n`, 'answer.ts': 'export {}\n' },
      { 'server.ts': `require('./helper.js')\n`, 'helper.js': 'module.exports = 1\n' },
      { 'server.ts': `const x: number = \n` },
      { 'server.ts': `console.log(import.meta.resolve('node:http'))\n` },
      { 'server.mts': `export {}\n`, 'server.ts': `export {}\n` },
      { 'server.ts': `require('../elsewhere')\n` },
    ]
    for (const files of cases) expect(await precompile(join(folder(files), 'server.ts')), Object.keys(files).join(' ')).toBeNull()
  })
})
