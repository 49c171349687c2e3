/**
 * Which half of tsx a learner's program needs. Its CommonJS half adds about 20 ms to a program's
 * start where the whole loader adds about 110 ms (docs/benchmarks.md). It runs what Node itself
 * would load as CommonJS: `.ts`/`.js` files outside a `"type": "module"` package, with `import`
 * statements turned into `require` (tsx does that in both cases). Anything else needs the whole
 * loader: an `.mjs`/`.mts` file, a `"type": "module"` package, or an `import()` expression, which
 * only the ESM half resolves.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'

/**
 * `plain`: JavaScript the grader compiled itself (src/grade/compile-learner.ts), run with no loader.
 * `precompiled`: TypeScript the runner compiled before the start (src/runner/precompile.ts).
 */
export type Loader = 'commonjs' | 'esm' | 'plain' | 'precompiled'

const COMMONJS_EXTENSIONS = new Set(['.ts', '.tsx', '.cts', '.js', '.jsx', '.cjs'])
const ESM_EXTENSIONS = new Set(['.mts', '.mjs'])
const DYNAMIC_IMPORT = /\bimport\s*\(/
const MAX_FILES = 200 // a bigger folder is not an exercise: the whole loader is the safe choice

export function loaderFor(entry: string): Loader {
  if (!COMMONJS_EXTENSIONS.has(extname(entry))) return 'esm'
  if (nearestPackageType(dirname(entry)) === 'module') return 'esm'
  const files = sourceFiles(dirname(entry))
  if (!files || files.some((file) => ESM_EXTENSIONS.has(extname(file)))) return 'esm'
  return files.some((file) => DYNAMIC_IMPORT.test(readFileSync(file, 'utf8'))) ? 'esm' : 'commonjs'
}

/** The `type` of the nearest package.json, as Node looks it up (`null` when none says). */
function nearestPackageType(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    try {
      const type: unknown = (JSON.parse(readFileSync(join(current, 'package.json'), 'utf8')) as { type?: unknown }).type
      return typeof type === 'string' ? type : null
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'module' // unreadable: let the whole loader report it
    }
    if (dirname(current) === current) return null
  }
}

/** The program's own source files (not node_modules), or null when there are too many to read. */
function sourceFiles(dir: string, found: string[] = []): string[] | null {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      if (!sourceFiles(path, found)) return null
    } else if (entry.isFile() && (COMMONJS_EXTENSIONS.has(extname(entry.name)) || ESM_EXTENSIONS.has(extname(entry.name)))) {
      if (found.length >= MAX_FILES || statSync(path).size > 1_000_000) return null
      found.push(path)
    }
  }
  return found
}
