/**
 * The grader compiles a learner's TypeScript itself, in its own process, before the program
 * starts: each `.ts`/`.mts`/`.cts` file of the sandbox copy becomes a `.js`/`.mjs`/`.cjs` file
 * beside it (esbuild's transform, file by file, so `__dirname`, `import.meta.url` and relative
 * paths mean what they meant), with an inline source map, so the program runs as plain
 * JavaScript: no TypeScript loader, hence no worker thread and no esbuild child process inside
 * the untrusted process. `node --enable-source-maps` makes every stack trace (and so the probe's
 * file:line) point at the learner's `.ts` lines again.
 *
 * The module checks' harness and the lesson's checks (TypeScript of the workbook) are bundled
 * once per grading run into a folder of the grader's, which the program may read, not write.
 */
import { build, transformSync, type Format } from 'esbuild'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join } from 'node:path'
import { ROOT } from '../runner/paths.ts'
import { loaderFor } from '../runner/loader-for.ts'

const OUT_EXTENSION: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs' }
const MAX_FILES = 200

/**
 * Compiles every TypeScript file under `dir` in place and returns the compiled entry. A `.js`
 * file the learner wrote beside a `.ts` file of the same name is kept (unless the `.ts` is the
 * entry): the entry search already chose between them.
 */
export function compileLearner(dir: string, entry: string): string {
  // ES modules throughout when the program needs them (an .mts, a "type": "module" package, an
  // import() expression); otherwise CommonJS, as tsx's CommonJS half would run it.
  const esm = loaderFor(entry) === 'esm'
  if (esm && extname(entry) === '.ts' && !existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  const outputs = new Map<string, string>()
  for (const file of typescriptFiles(dir)) {
    const extension = extname(file)
    const output = file.slice(0, -extension.length) + OUT_EXTENSION[extension]!
    if (existsSync(output) && !outputs.has(output)) {
      // The learner's own JavaScript twin: left alone unless the entry is the TypeScript one.
      if (file !== entry) continue
    }
    const format: Format = extension === '.mts' ? 'esm' : extension === '.cts' ? 'cjs' : esm ? 'esm' : 'cjs'
    let code: string
    try {
      code = transformSync(readFileSync(file, 'utf8'), {
        loader: extension === '.tsx' ? 'tsx' : 'ts',
        format,
        platform: 'node',
        target: `node${process.versions.node.split('.')[0]}`,
        sourcemap: 'inline',
        sourcefile: file,
        // tsconfig's defaults for the workbook's exercises: nothing that changes behaviour.
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      }).code
    } catch (error) {
      // A learner's syntax error: the compiled file throws it when loaded, so the program
      // fails exactly where tsx would have failed it (at start, with file:line in the message).
      const errors = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors ?? []
      const first = errors[0]
      const where = first?.location ? `${file}:${first.location.line}:${first.location.column + 1}` : file
      const message = `Transform failed: ${where}: ERROR: ${first?.text ?? (error instanceof Error ? error.message : String(error))}`
      code = `throw new SyntaxError(${JSON.stringify(message)})\n`
    }
    writeFileSync(output, withCompiledSpecifiers(code, dirname(file)))
    outputs.set(output, file)
  }
  const extension = extname(entry)
  const output = extension in OUT_EXTENSION ? entry.slice(0, -extension.length) + OUT_EXTENSION[extension]! : entry
  return outputs.get(output) === entry ? output : entry
}

/**
 * `import './app.ts'` (TypeScript's allowImportingTsExtensions, which tsx runs) names the file
 * that is now `app.js`: relative specifiers of TypeScript files that exist are renamed as
 * compiled. esbuild prints every specifier in double quotes after require(, from or import(.
 */
function withCompiledSpecifiers(code: string, dir: string): string {
  return code.replace(/(require\(|from |import\()"(\.\.?\/[^"\n]*?)(\.[mc]?tsx?)"/g, (whole, before: string, path: string, extension: string) =>
    existsSync(join(dir, path + extension)) && extension in OUT_EXTENSION ? `${before}"${path}${OUT_EXTENSION[extension]}"` : whole,
  )
}

function typescriptFiles(dir: string, found: string[] = []): string[] {
  // In name order: which of two sources that compile to the same file wins must not depend on the disk.
  for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, item.name)
    if (item.isDirectory() && item.name !== 'node_modules' && !item.name.startsWith('.')) typescriptFiles(path, found)
    else if (item.isFile() && extname(item.name) in OUT_EXTENSION && !item.name.endsWith('.d.ts')) {
      if (found.length >= MAX_FILES || statSync(path).size > 1_000_000) throw new Error(`${dir}: too many or too large source files to grade`)
      found.push(path)
    }
  }
  return found
}

/** The grader's own bundles (module harness, each lesson's checks): made once per run. */
let engineDir: string | null = null
const bundles = new Map<string, Promise<{ harness: string; checks: string }>>()
process.once('exit', () => {
  if (engineDir) rmSync(engineDir, { recursive: true, force: true })
})

export function engineFolder(tempRoot = tmpdir()): string {
  engineDir ??= mkdtempSync(join(tempRoot, 'workbook-engine-'))
  return engineDir
}

/**
 * The module harness and one lesson's checks, bundled together as ES modules the program's Node
 * imports without a loader (split, so both share one copy of the DSL and `instanceof
 * CheckFailure` still holds). Made once per lesson per run.
 */
export function engineBundle(checksPath: string, tempRoot?: string): Promise<{ harness: string; checks: string }> {
  let made = bundles.get(checksPath)
  if (!made) {
    const outdir = join(engineFolder(tempRoot), String(bundles.size))
    made = build({
      entryPoints: { harness: MODULE_HARNESS_SOURCE, checks: checksPath },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      absWorkingDir: ROOT,
      logLevel: 'silent',
      // Bundled CommonJS packages may call require(): give the ES modules one.
      banner: { js: "import { createRequire as __workbookRequire } from 'node:module'; const require = __workbookRequire(import.meta.url);" },
    }).then(() => ({ harness: join(outdir, 'harness.mjs'), checks: join(outdir, 'checks.mjs') }))
    bundles.set(checksPath, made)
  }
  return made
}

export const MODULE_HARNESS_SOURCE = join(ROOT, 'src', 'probe', 'module-harness.ts')
