/**
 * Compiles a learner's TypeScript in the runner, before the program starts, so the program runs
 * with no TypeScript loader: tsx's CommonJS half loads esbuild's JavaScript in every start of
 * the program, which costs about as much as the rest of Node's start. Each `.ts` file becomes
 * CommonJS with an inline source map, kept in a cache named by the file's path and contents, so
 * a program checked again unchanged starts without esbuild anywhere; the learner's folder is
 * never written. The program runs them under their own names (src/probe/compiled-typescript.ts).
 *
 * Only the usual exercise takes this path: `.ts` files alone (no JavaScript beside them, which
 * tsx would also transform), loaded as CommonJS (loader-for.ts), each compiling cleanly and each
 * relative `require` landing on one of them or on a JSON file. Anything else gets null: tsx runs
 * it as before, and reports its syntax errors its own way.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { COMPILED_TS_ENV } from '../probe/events.ts'
import { loaderFor } from './loader-for.ts'
import { ROOT } from '../root.ts'

const CACHE = join(ROOT, 'node_modules', '.cache', 'node-http-workbook-programs')
const NODE_MAJOR = process.versions.node.split('.')[0]!
const STALE_MS = 24 * 60 * 60 * 1000
const MAX_FILES = 50

type Esbuild = typeof import('esbuild')

/** The environment that gives the program its compiled files, or null when tsx should run it. */
export async function precompile(entryFile: string): Promise<Record<string, string> | null> {
  if (extname(entryFile) !== '.ts' || loaderFor(entryFile) !== 'commonjs') return null
  const files = typescriptOnly(dirname(entryFile))
  if (!files) return null
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')) as { version: string }).version
  let esbuild: Esbuild | null = null
  const compiled: Record<string, string> = {}
  for (const file of files) {
    const source = readFileSync(file, 'utf8')
    const out = join(CACHE, `${createHash('sha256').update(`${version}\0${NODE_MAJOR}\0${file}\0`).update(source).digest('hex').slice(0, 24)}.js`)
    if (!existsSync(out)) {
      esbuild ??= await import('esbuild')
      const code = compileOne(esbuild, file, source, new Set(files))
      if (code === null) return null
      save(out, code)
    } else if (!requiresResolve(readFileSync(out, 'utf8'), file, new Set(files))) {
      return null
    }
    compiled[file] = out
  }
  return { [COMPILED_TS_ENV]: JSON.stringify(compiled) }
}

/** Every `.ts` file of the folder when there is nothing else to run (no .js, .mjs, .tsx, …), else null. */
function typescriptOnly(dir: string, found: string[] = []): string[] | null {
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name)
    if (item.isDirectory()) {
      if (item.name === 'node_modules' || item.name.startsWith('.')) continue
      if (!typescriptOnly(path, found)) return null
    } else if (/\.[cm]?[jt]sx?$/.test(item.name) && !item.name.endsWith('.d.ts')) {
      if (extname(item.name) !== '.ts' || found.length >= MAX_FILES || statSync(path).size > 1_000_000) return null
      found.push(path)
    }
  }
  return found
}

function compileOne(esbuild: Esbuild, file: string, source: string, files: Set<string>): string | null {
  let code: string
  try {
    code = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      platform: 'node',
      target: `node${NODE_MAJOR}`,
      sourcemap: 'inline',
      sourcefile: file,
      // What tsx gives a CommonJS file: import.meta as the file it is.
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(file).href),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(dirname(file)),
      },
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      logLevel: 'silent',
    }).code
  } catch {
    return null // a syntax error: tsx reports it, as it always has
  }
  if (code.includes('import_meta = {}')) return null // import.meta.resolve & co.: only tsx's ESM half has them
  code = code.replace(/\brequire\("(\.\.?\/[^"\n]*)"\)/g, (whole, path: string) => {
    // `import './answer.js'` names answer.ts, as TypeScript lets it (and tsx runs it).
    const target = resolve(dirname(file), path)
    return path.endsWith('.js') && !existsSync(target) && files.has(target.replace(/\.js$/, '.ts')) ? `require("${path.replace(/\.js$/, '.ts')}")` : whole
  })
  return requiresResolve(code, file, files) ? code : null
}

/** Every relative require lands on one of the compiled files or on a JSON file. */
function requiresResolve(code: string, file: string, files: Set<string>): boolean {
  for (const [, path] of code.matchAll(/\brequire\("(\.\.?\/[^"\n]*)"\)/g)) {
    const target = resolve(dirname(file), path!)
    const landsOn = [target, `${target}.ts`, `${target}.json`].find((candidate) => files.has(candidate) || (candidate.endsWith('.json') && isFile(candidate)))
    if (!landsOn || relative(dirname(file), landsOn).split(sep).includes('node_modules')) return false
  }
  return true
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Written whole or not at all; files a day old are removed as new ones come. */
function save(out: string, code: string): void {
  mkdirSync(CACHE, { recursive: true })
  const scratch = `${out}.${process.pid}.tmp`
  writeFileSync(scratch, code)
  renameSync(scratch, out)
  for (const name of readdirSync(CACHE)) {
    try {
      if (Date.now() - statSync(join(CACHE, name)).mtimeMs > STALE_MS) rmSync(join(CACHE, name), { force: true })
    } catch {
      // removed meanwhile by another process
    }
  }
}
