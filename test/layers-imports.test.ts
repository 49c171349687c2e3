// Proves the engine's imports run one way, as README's picture of the layers shows: every import
// of src/, checks/, bench/ and support/ is read (with TypeScript's own reader, dynamic imports and
// require() included) and judged against the layers below; a planted wrong import fails the test.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../src/root.ts'

/**
 * The folders of src/, top to bottom: a folder may import its own files and those of any folder
 * in a lower row, never one above it nor a neighbour in its own row. Files directly in src/
 * (errors.ts, root.ts, limits.ts, pool.ts) and src/build/ are leaves: every layer may import them, and they
 * import only each other.
 */
const LAYERS: string[][] = [
  ['cli'], // the commands: parse arguments, pick a reporter, set the exit code
  ['web'], // the local web page of a lesson: the learner's session (learn) served over node:http
  ['learn', 'grade', 'verify'], // what each command does
  ['report'], // results → text (terminal, JSON)
  ['runner'], // runs a learner's program against a lesson's checks, returns results
  ['probe'], // runs inside the learner's process
  ['dsl', 'curriculum'], // the checks as data; the lessons as data
]
const LEAF_FOLDERS = ['build']

/** Outside src/: who may import what (test/ may import anything). */
const OUTSIDE: Record<string, (to: Place) => boolean> = {
  checks: (to) => to.kind === 'leaf' || (to.kind === 'src' && to.folder === 'dsl') || to.kind === 'checks',
  bench: (to) => to.kind === 'src' || to.kind === 'leaf' || to.kind === 'bench' || to.kind === 'support',
  support: (to) => to.kind === 'src' || to.kind === 'leaf' || to.kind === 'support',
}

type Place = { kind: 'src'; folder: string } | { kind: 'leaf' } | { kind: 'checks' | 'bench' | 'support' | 'test' | 'other' }

function placeOf(file: string): Place {
  const [top, next, ...rest] = relative(ROOT, file).split(sep)
  if (top === 'src' && next !== undefined) {
    // src/errors.ts (nothing after the file name) or src/build/…: a leaf
    if (rest.length === 0 || LEAF_FOLDERS.includes(next)) return { kind: 'leaf' }
    return { kind: 'src', folder: next }
  }
  if (top === 'checks' || top === 'bench' || top === 'support' || top === 'test') return { kind: top }
  return { kind: 'other' }
}

const rank = (folder: string) => LAYERS.findIndex((row) => row.includes(folder))
const name = (place: Place) => (place.kind === 'src' ? `src/${place.folder}` : place.kind === 'leaf' ? 'a leaf of src/' : `${place.kind}/`)

/** Why `from` may not import `to`, or null when it may. */
export function wrongWay(from: string, to: string): string | null {
  const a = placeOf(from)
  const b = placeOf(to)
  if (a.kind === 'test' || b.kind === 'other') return null
  if (a.kind === 'leaf') return b.kind === 'leaf' ? null : 'a leaf imports only other leaves'
  if (a.kind === 'src') {
    if (b.kind === 'leaf') return null
    if (b.kind !== 'src') return `src/ never imports ${name(b)}`
    if (a.folder === b.folder) return null
    for (const folder of [a.folder, b.folder]) if (rank(folder) < 0) return `src/${folder} is not in the layers: add it to LAYERS (and to README's picture)`
    if (rank(b.folder) > rank(a.folder)) return null
    return rank(b.folder) === rank(a.folder) ? `${name(a)} and ${name(b)} are neighbours: neither imports the other` : `${name(b)} is above ${name(a)}`
  }
  return OUTSIDE[a.kind]!(b) ? null : `${a.kind}/ may not import ${name(b)}`
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts|mjs|cjs|js)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${sep}fixtures${sep}`))
    .sort()
}

/** Every import, export … from, import() and require() of a file, as written. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName)
}

describe('the layers', () => {
  const files = ['src', 'checks', 'bench', 'support'].flatMap(filesUnder)

  it('are imported one way only', () => {
    const wrong = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .flatMap((spec) => {
          const why = wrongWay(file, resolve(dirname(file), spec))
          return why ? [`${relative(ROOT, file)} imports ${spec}: ${why}`] : []
        }),
    )
    expect(wrong).toEqual([])
  })

  it('keep colour in one module: only src/report/ui.ts imports chalk', () => {
    expect(files.filter((file) => importsOf(file).includes('chalk')).map((file) => relative(ROOT, file))).toEqual([join('src', 'report', 'ui.ts')])
  })

  it('are judged with teeth: an import up, across or out of src is refused', () => {
    const at = (path: string) => join(ROOT, path)
    expect(wrongWay(at('src/grade/missing-result.ts'), at('src/cli/run-command.ts'))).toBe('src/cli is above src/grade')
    expect(wrongWay(at('src/grade/grade-class.ts'), at('src/verify/verify-curriculum.ts'))).toBe('src/grade and src/verify are neighbours: neither imports the other')
    expect(wrongWay(at('src/curriculum/lessons.ts'), at('src/runner/paths.ts'))).toBe('src/runner is above src/curriculum')
    expect(wrongWay(at('src/errors.ts'), at('src/report/ui.ts'))).toBe('a leaf imports only other leaves')
    expect(wrongWay(at('bench/run.ts'), at('test/helpers.ts'))).toBe('bench/ may not import test/')
    expect(wrongWay(at('src/runner/run-lesson.ts'), at('src/errors.ts'))).toBeNull()
    expect(wrongWay(at('src/cli/check.ts'), at('src/dsl/random.ts'))).toBeNull()
  })
})
