// Proves the web workbook adds no weight to `npm run check`: nothing that `check` imports, at
// any depth, statically or with import(), is in src/web; and only the lesson command reaches
// src/web at all (with import(), when asked for the page), so learn, runner and report stay
// free of it.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')
const WEB = join(SRC, 'web')

/** The workbook's own modules a file imports (`./x.ts`, `../y/z.ts`, plain .mjs too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => resolve(dirname(file), match[1]!))
  return found.filter((path) => /\.(ts|mjs)$/.test(path))
}

function graphFrom(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    importsOf(file).forEach(visit)
  }
  visit(entry)
  return seen
}

it('npm run check imports nothing of src/web', () => {
  const graph = graphFrom(join(SRC, 'cli', 'check.ts'))
  expect(graph.size).toBeGreaterThan(20) // the walk did follow the imports
  expect([...graph].filter((file) => file.startsWith(WEB + '/')).map((file) => relative(ROOT, file))).toEqual([])
})

it('only the lesson command reaches src/web', () => {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => join(SRC, name))
  const importers = files.filter((file) => !file.startsWith(WEB + '/') && importsOf(file).some((target) => target.startsWith(WEB + '/')))
  expect(importers.map((file) => relative(ROOT, file))).toEqual(['src/cli/lesson.ts'])
})
