// Proves the runner picks the half of tsx a program needs and that every style of a correct
// program still passes: CommonJS in spirit and ES modules in spirit take tsx's quick CommonJS
// half; import(), .mjs entries and "type": "module" packages take the whole loader.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { loaderFor, type Loader } from '../src/runner/loader-for.ts'

const lesson = findLesson(loadLessons(), '3')
const folders: string[] = []
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

const ANSWER = `(req, res) => {
  res.setHeader('Content-Type', 'text/plain')
  if (req.url === '/countdown') {
    for (const line of ['3', '2', '1']) res.write(line + '\\n')
    return res.end('liftoff\\n')
  }
  res.end(req.method === 'GET' && req.url === '/' ? 'Hello, World!' : 'You asked for ' + req.method + ' ' + req.url)
}`

/** A lesson 3 solution written in one style: its files, by name. */
const styles: { name: string; loader: Loader; entry: string; files: Record<string, string> }[] = [
  {
    name: 'CommonJS with require()',
    loader: 'commonjs',
    entry: 'server.ts',
    files: { 'server.ts': `const http = require('http')\nhttp.createServer(${ANSWER}).listen(3000)\n` },
  },
  {
    name: 'ES module syntax importing ./answer.js (which is answer.ts), with import.meta.url',
    loader: 'commonjs',
    entry: 'server.ts',
    files: {
      'answer.ts': `import type { IncomingMessage, ServerResponse } from 'node:http'\nexport const answer = ${ANSWER.replace('(req, res)', '(req: IncomingMessage, res: ServerResponse)')}\n`,
      'server.ts': `import http from 'node:http'\nimport { fileURLToPath } from 'node:url'\nimport { answer } from './answer.js'\nif (!fileURLToPath(import.meta.url).endsWith('server.ts')) throw new Error('wrong url')\nhttp.createServer(answer).listen(3000)\n`,
    },
  },
  {
    name: 'import() of a sibling',
    loader: 'esm',
    entry: 'server.ts',
    files: {
      'answer.ts': `export const answer = ${ANSWER.replace('(req, res)', '(req: any, res: any)')}\n`,
      'server.ts': `import http from 'node:http'\nimport('./answer.js').then(({ answer }) => http.createServer(answer).listen(3000))\n`,
    },
  },
  {
    name: 'a "type": "module" package with top-level await',
    loader: 'esm',
    entry: 'server.ts',
    files: {
      'package.json': '{ "type": "module" }\n',
      'server.ts': `import http from 'node:http'\nconst answer = await Promise.resolve(${ANSWER.replace('(req, res)', '(req: any, res: any)')})\nhttp.createServer(answer).listen(3000)\n`,
    },
  },
  {
    name: 'plain JavaScript in an .mjs file',
    loader: 'esm',
    entry: 'server.mjs',
    files: { 'server.mjs': `import http from 'node:http'\nhttp.createServer(${ANSWER}).listen(3000)\n` },
  },
]

describe('choosing the loader', () => {
  for (const style of styles) {
    it(`${style.name}: ${style.loader}, and every check passes`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'workbook-loader-'))
      folders.push(dir)
      writeFileSync(join(dir, 'package.json'), '{}\n') // stands for exercises/package.json, unless the style has its own
      for (const [name, text] of Object.entries(style.files)) writeFileSync(join(dir, name), text)
      const entry = join(dir, style.entry)
      expect(loaderFor(entry)).toBe(style.loader)
      const result = await checkLesson(lesson, entry)
      expect(result.checks.filter((check) => check.status !== 'pass')).toEqual([])
    })
  }
})
