// The workbook's own TypeScript, compiled once per change so that no command pays for a
// TypeScript loader when it starts. Plain JavaScript on purpose: it runs before any TypeScript
// support exists.
//
// One folder per version of the sources and place of the workbook (named by a hash of both) holds:
//   src/**/*.mjs, checks/*.mjs  each .ts file as an ES module, same layout, imports renamed;
//   probe.cjs, standby.cjs,     the probe, the warm-start standby and the runner of precompiled
//   compiled-typescript.cjs     TypeScript, each one CommonJS file that a learner's process
//                               preloads with --require.
// Hashing every source at each start costs more than the rest of a command's start-up, so a
// stamp named by the sources' sizes and modification times (`stamps/<hash>`) remembers which
// build they hashed to: a start with nothing changed reads one small file, not the sources.
// No absolute path is written into a build: an import of a plain JavaScript file of the sources
// is relative to the compiled file, so a copied or moved workbook (with its node_modules/.cache)
// still imports its own files, never those of the place it was copied from. The place is part of
// the hash all the same, so a copy builds afresh rather than trust a build made elsewhere.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { WORKBOOK_ROOT } from './workbook-root.mjs'

export { WORKBOOK_ROOT }

const SOURCE_DIRS = ['src', 'checks']
// Tests build into a folder of their own, to prove a first build from nothing. It must lie inside
// the workbook: the compiled files find their packages in the node_modules above them.
const CACHE = process.env.WORKBOOK_BUILD_CACHE ?? join(WORKBOOK_ROOT, 'node_modules', '.cache', 'node-http-workbook')
const DONE = 'complete' // written last: a folder without it is a build that never finished
const FORMAT = '2' // bump when the layout of a build changes
const STALE_MS = 24 * 60 * 60 * 1000
const STAMPS = 'stamps'

let pending = null

/**
 * The folder of the compiled copy of the current sources, built first if there is none yet.
 * Concurrent processes may build the same version at once: each builds in its own folder and
 * the first rename wins.
 * @returns {Promise<{ dir: string }>}
 */
export function compiledWorkbook() {
  pending ??= ensureBuilt()
  return pending
}

/**
 * The same, for a caller that cannot wait: the finished build if there is one, else one built by a
 * child process while this one waits (the build itself can only run asynchronously).
 * @returns {{ dir: string }}
 */
export function compiledWorkbookNow() {
  const dir = join(CACHE, fingerprint(SOURCE_DIRS.flatMap((dir) => listFiles(join(WORKBOOK_ROOT, dir)))))
  if (existsSync(join(dir, DONE))) return { dir }
  const script = `process.stdout.write((await (await import(${JSON.stringify(import.meta.url)})).compiledWorkbook()).dir)`
  return { dir: execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 }) }
}

async function ensureBuilt() {
  const sources = SOURCE_DIRS.flatMap((dir) => listFiles(join(WORKBOOK_ROOT, dir)))
  const stamp = join(CACHE, STAMPS, quickFingerprint(sources))
  const stamped = readStamp(stamp)
  if (stamped) return { dir: stamped }

  const dir = join(CACHE, fingerprint(sources))
  if (existsSync(join(dir, DONE))) {
    writeStamp(stamp, dir)
    return { dir }
  }

  const scratch = `${dir}.${process.pid}.${Date.now()}.tmp`
  mkdirSync(CACHE, { recursive: true })
  try {
    await build(sources.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')), scratch)
    writeFileSync(join(scratch, DONE), '')
    renameSync(scratch, dir)
    pruneOldBuilds(dir)
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true })
    if (!existsSync(join(dir, DONE))) throw error // someone else's rename won: theirs is as good
  }
  writeStamp(stamp, dir)
  return { dir }
}

async function build(typescriptFiles, outdir) {
  const esbuild = await import('esbuild')
  const common = { bundle: true, platform: 'node', target: 'node20', outdir, logLevel: 'silent', charset: 'utf8' }
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: typescriptFiles,
      outbase: WORKBOOK_ROOT,
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      plugins: [oneFileForOne(outdir)],
    }),
    esbuild.build({
      ...common,
      entryPoints: {
        probe: join(WORKBOOK_ROOT, 'src/probe/index.ts'),
        standby: join(WORKBOOK_ROOT, 'src/probe/standby.ts'),
        'compiled-typescript': join(WORKBOOK_ROOT, 'src/probe/compiled-typescript.ts'),
      },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
    }),
  ])
}

// "bundle" is on only so that imports can be rewritten: every import stays an import. A sibling
// `./x.ts` becomes `./x.mjs`; a plain JavaScript file keeps pointing at the original, by a path
// relative to where the compiled file will lie (never an absolute one: see the top of this file).
function oneFileForOne(outdir) {
  return {
    name: 'one-file-for-one',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined
        if (!args.path.startsWith('.')) return { path: args.path, external: true }
        if (args.path.endsWith('.ts')) return { path: args.path.replace(/\.ts$/, '.mjs'), external: true }
        const compiledDir = join(outdir, relative(WORKBOOK_ROOT, args.resolveDir))
        const target = relative(compiledDir, resolve(args.resolveDir, args.path)).split(sep).join('/')
        return { path: target.startsWith('.') ? target : `./${target}`, external: true }
      })
    },
  }
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort()
}

/** What the sources look like from outside (names, sizes, modification times): cheap to read. */
function quickFingerprint(files) {
  const hash = createHash('sha256').update(FORMAT).update(`\0${WORKBOOK_ROOT}\0`)
  const esbuildPackage = join(WORKBOOK_ROOT, 'node_modules', 'esbuild', 'package.json')
  for (const file of [esbuildPackage, ...files]) {
    const { size, mtimeMs } = statSync(file)
    hash.update(`\0${relative(WORKBOOK_ROOT, file)}\0${size}\0${mtimeMs}`)
  }
  return hash.digest('hex').slice(0, 16)
}

/** The build a stamp points to, if it is still there and finished. */
function readStamp(stamp) {
  try {
    const dir = join(CACHE, readFileSync(stamp, 'utf8').trim())
    return existsSync(join(dir, DONE)) ? dir : null
  } catch {
    return null
  }
}

/** Written whole or not at all (a rename), so a concurrent start never reads half a stamp. */
function writeStamp(stamp, dir) {
  try {
    mkdirSync(dirname(stamp), { recursive: true })
    const scratch = `${stamp}.${process.pid}.tmp`
    writeFileSync(scratch, relative(CACHE, dir))
    renameSync(scratch, stamp)
  } catch {
    // a read-only cache: the next start hashes the sources again, nothing worse
  }
}

function fingerprint(files) {
  // The workbook's own place: a build made for another place (a copied cache) is never used.
  const hash = createHash('sha256').update(FORMAT).update(`\0${WORKBOOK_ROOT}\0`)
  hash.update(JSON.parse(readFileSync(join(WORKBOOK_ROOT, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version)
  for (const file of files) hash.update(`\0${relative(WORKBOOK_ROOT, file)}\0`).update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

/** Removes builds of older sources once they are a day old (a running command may still use one). */
function pruneOldBuilds(current) {
  const stamps = join(CACHE, STAMPS)
  for (const name of existsSync(stamps) ? readdirSync(stamps) : []) {
    try {
      if (Date.now() - statSync(join(stamps, name)).mtimeMs > STALE_MS) rmSync(join(stamps, name), { force: true })
    } catch {
      // removed meanwhile by another process
    }
  }
  for (const name of readdirSync(CACHE)) {
    const dir = join(CACHE, name)
    if (dir === current || name === STAMPS) continue
    try {
      if (Date.now() - statSync(dir).mtimeMs > STALE_MS) rmSync(dir, { recursive: true, force: true })
    } catch {
      // removed meanwhile by another process
    }
  }
}

