/**
 * A sandbox for one untrusted learner program: a private temporary copy of its lesson folder
 * (symlinks, node_modules and .git left out), an environment with nothing of the grader's in
 * it, and the Node flags that cap memory and, where this Node has it, turn on the permission
 * model: read its own copy and the workbook's engine, write only its copy, no child processes,
 * no worker threads (the grader compiles the learner's TypeScript, see compile-learner.ts).
 */
import { cpSync, lstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Lesson } from '../curriculum/lessons.ts'
import { BOOT_DEADLINE_MS, CHECK_DEADLINE_MS, GRADE_LESSON_DEADLINE_MS, GRADE_OUTPUT_CAP_BYTES } from '../limits.ts'
import { ROOT } from '../runner/paths.ts'
import { canDisableWarnings, permissionFlavour } from './permission-flags.ts'
import type { InForce } from './os-sandbox.ts'

export const GUARD = join(ROOT, 'src', 'grade', 'guard.cjs')
/** Every sandbox's folder name starts with this: what a leak hunt looks for. */
export const SANDBOX_PREFIX = 'workbook-grade-'

export type Limits = { memoryMb: number; outputCapBytes: number; lessonTimeoutMs: number; bootTimeoutMs: number; checkTimeoutMs: number; diskMb: number }
export const DEFAULT_LIMITS: Limits = {
  memoryMb: 256,
  outputCapBytes: GRADE_OUTPUT_CAP_BYTES,
  lessonTimeoutMs: GRADE_LESSON_DEADLINE_MS,
  bootTimeoutMs: BOOT_DEADLINE_MS,
  checkTimeoutMs: CHECK_DEADLINE_MS,
  diskMb: 128,
}

export type Sandbox = {
  /** HOME and TMPDIR of the program; holds the copy. */
  home: string
  /** The copy of the learner's lesson folder. */
  dir: string
  env: NodeJS.ProcessEnv
  nodeFlags: string[]
  remove(): void
}

const SKIPPED = new Set(['node_modules', '.git'])

/** Sandboxes not yet removed: removed on exit too, so an interrupted grade leaves no copies. */
const live = new Set<string>()
process.once('exit', () => {
  for (const home of live) rmSync(home, { recursive: true, force: true })
})

export function createSandbox(sourceDir: string, lesson: Lesson, limits: Limits, tempRoot = tmpdir(), engine: string | null = null, trusted = false): Sandbox {
  const home = mkdtempSync(join(tempRoot, SANDBOX_PREFIX))
  live.add(home)
  const dir = join(home, basename(lesson.id))
  cpSync(sourceDir, dir, {
    recursive: true,
    dereference: false,
    // A symlink could point at another learner's work: only plain files and folders are copied.
    filter: (path) => {
      const stat = lstatSync(path)
      return !stat.isSymbolicLink() && !(stat.isDirectory() && SKIPPED.has(basename(path)))
    },
  })
  // As exercises/package.json: no "type", so import and require styles both run. It also ends
  // the loader's search for a package.json here, where it may read, not in the folders above.
  writeFileSync(join(home, 'package.json'), '{ "private": true }\n')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: home, // inside the sandbox, the one place it may write
    LANG: 'C.UTF-8',
  }
  return {
    home,
    dir,
    env,
    nodeFlags: trusted ? [`--max-old-space-size=${limits.memoryMb}`] : nodeFlagsFor(home, lesson, limits, engine),
    remove: () => {
      rmSync(home, { recursive: true, force: true, maxRetries: 3 })
      live.delete(home)
    },
  }
}

export function nodeFlagsFor(home: string, lesson: Lesson, limits: Limits, engine: string | null = null): string[] {
  const flags = [`--max-old-space-size=${limits.memoryMb}`]
  const flavour = permissionFlavour()
  if (flavour) {
    flags.push(
      flavour,
      `--allow-fs-read=${home}`,
      `--allow-fs-read=${join(ROOT, 'src')}`,
      `--allow-fs-read=${join(ROOT, 'node_modules')}`,
      `--allow-fs-read=${join(ROOT, 'package.json')}`, // the loader reads it to learn how src/ is loaded
      `--allow-fs-read=${lesson.checksPath}`, // module checks run inside the program's process
      ...(engine ? [`--allow-fs-read=${engine}`] : []), // the module harness and checks, bundled by the grader
      `--allow-fs-write=${home}`,
      // No --allow-worker, no --allow-child-process: the grader compiled the TypeScript itself,
      // so the program runs as plain JavaScript and needs neither.
    )
    if (canDisableWarnings()) flags.push('--disable-warning=ExperimentalWarning', '--disable-warning=SecurityWarning')
  }
  flags.push('--require', GUARD) // --require: an --import would send every entry through the ESM loader
  return flags
}

/** What the report says was in force, in words. */
export function protectionsInForce(limits: Limits, inForce: InForce = { mode: 'permission-model', os: null, why: 'the OS sandbox was not asked for' }): string[] {
  const flavour = inForce.mode === 'none' ? null : permissionFlavour()
  const os =
    inForce.mode === 'os-sandbox'
      ? [
          'OS sandbox (bubblewrap): each program in its own user, network, PID, IPC and UTS namespaces, no capabilities, no new privileges; it reaches only its own loopback (the checks reach it through a relay, and it reaches only the servers the checks run for it); it sees and signals only its own processes',
          'OS sandbox file system: everything read-only; temporary folders, /run, home folders and the class folder empty; its sandbox folder the only writable place',
          'OS limits (prlimit): writable memory (RLIMIT_DATA) the heap cap + 1 GiB, CPU time the lesson timeout, 256 open files, 64 processes, 64 MiB per file, no core dumps',
        ]
      : inForce.mode === 'permission-model'
        ? [`OS sandbox: NOT in force (${inForce.why}); the Node permission model is the floor, and it has no network rule: a program can connect to other programs on this machine`]
        : [`OS sandbox and Node permission model: NOT in force (${inForce.why})`]
  return [
    'each program ran from its own temporary copy of the lesson folder (symlinks not copied)',
    'scrubbed environment: only PATH, HOME, TMPDIR, LANG, PORT and what the checks set',
    `time: ${Math.round(limits.lessonTimeoutMs / 1000)} s per lesson, ${limits.bootTimeoutMs / 1000} s to start listening, ${limits.checkTimeoutMs / 1000} s per check`,
    `memory: --max-old-space-size=${limits.memoryMb} (MB)`,
    `output: ${Math.round(limits.outputCapBytes / 1024)} KiB per stream`,
    `disk: ${limits.diskMb} MiB (or 20,000 files) in its folder, watched by the grader; over it, the program is stopped`,
    'its whole process group killed after each lesson',
    'TypeScript compiled by the grader (esbuild, source maps): the program runs as plain JavaScript, no TypeScript loader inside it',
    ...os,
    inForce.mode === 'none'
      ? 'Node permission model: off (--isolation none)'
      : flavour
        ? `Node permission model (${flavour}): reads only its copy and the workbook's src/, node_modules/, package.json and the lesson's checks; writes only its copy; no child processes, no worker threads, no native addons`
        : `Node permission model: NOT available in Node ${process.version}; file access and child processes are not restricted`,
    ...(inForce.mode === 'none' ? [] : ['guard preloaded before any learner code: signals only to itself (process.kill); no child process, no worker, no module.register()']),
  ]
}

/** One line for the terminal: which isolation graded this run. */
export function isolationLine(inForce: InForce): string {
  if (inForce.mode === 'os-sandbox') return 'Isolation: OS sandbox (bubblewrap namespaces, prlimit limits) + Node permission model'
  if (inForce.mode === 'permission-model') return `Isolation: Node permission model only; the OS sandbox is not in force (${inForce.why})`
  return 'Isolation: NONE (--isolation none): only for code you trust'
}
