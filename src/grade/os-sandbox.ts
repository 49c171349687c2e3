/**
 * The OS sandbox (Linux, bubblewrap), when this machine can run it: `bwrap` on PATH, and user
 * and network namespaces allowed (Ubuntu 24.04 restricts unprivileged user namespaces through
 * AppArmor; a container may forbid them). Found by trying it once, never assumed.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { delimiter, join, sep } from 'node:path'
import { ROOT } from '../root.ts'
import type { OsSandbox } from '../runner/sandboxed-start.ts'
import type { Limits } from './sandbox.ts'

export type Isolation = 'auto' | 'required' | 'none'
export const ISOLATIONS: Isolation[] = ['auto', 'required', 'none']

export type BwrapCheck = { bwrap: string; prlimit: string } | { bwrap: null; why: string }

let found: BwrapCheck | null = null

/** Whether bubblewrap works here, and if not, why (said in the report). */
export function findBwrap(): BwrapCheck {
  if (found) return found
  if (process.platform !== 'linux') return (found = { bwrap: null, why: `not Linux (${process.platform})` })
  const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)).find((file) => existsSync(file))
  const bwrap = onPath('bwrap')
  if (!bwrap) return (found = { bwrap: null, why: 'bwrap (bubblewrap) is not installed: apt-get install bubblewrap' })
  const prlimit = onPath('prlimit')
  if (!prlimit) return (found = { bwrap: null, why: "prlimit (util-linux) is not on PATH: it sets the program's resource limits" })
  const run = spawnSync(bwrap, ['--unshare-user', '--unshare-net', '--unshare-pid', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'], { encoding: 'utf8', timeout: 10_000 })
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n')[0]
    return (found = { bwrap: null, why: `bwrap cannot create namespaces here (${why}); on Ubuntu 24.04: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` })
  }
  return (found = { bwrap, prlimit })
}

/** A folder, not a link to one (/var/run → /run is hidden as /run). */
const isRealFolder = (dir: string) => {
  try {
    return lstatSync(dir).isDirectory()
  } catch {
    return false
  }
}
const inside = (path: string, dir: string) => path === dir || path.startsWith(dir + sep)

/** The OS sandbox for one sandbox folder: what is hidden, what is shown, the limits. */
export function osSandboxFor({ bwrap, prlimit }: { bwrap: string; prlimit: string }, home: string, hideAlso: string[], show: string[], limits: Limits, tempRoot = tmpdir()): OsSandbox {
  // Folders that hold other people's files (other sandboxes, the class, sockets of the host's
  // services, home folders) are emptied inside; the sandbox folder and the grader's compiled
  // engine are then shown again on top. A folder holding Node or the workbook stays visible.
  // The workbook's own reference solutions, tests (and their fixture classes) and history too.
  const workbookPrivate = ['solutions', 'test', '.git'].map((name) => join(ROOT, name))
  const candidates = ['/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm', tempRoot, '/home', '/root', homedir(), ...workbookPrivate, ...hideAlso]
  const hide = [...new Set(candidates)].filter((dir) => isRealFolder(dir) && !inside(process.execPath, dir) && !inside(ROOT, dir))
  return {
    bwrap,
    prlimit,
    home,
    hide,
    show: show.filter((dir) => hide.some((hidden) => inside(dir, hidden))),
    limits: {
      // Writable memory (RLIMIT_DATA), not address space: V8 and WebAssembly reserve far more
      // address space than they use (Node 22 cannot instantiate WebAssembly under RLIMIT_AS).
      dataBytes: (limits.memoryMb + 1024) * 1024 * 1024,
      cpuSeconds: Math.ceil(limits.lessonTimeoutMs / 1000),
      openFiles: 256,
      processes: 64,
      fileSizeBytes: 64 * 1024 * 1024,
    },
  }
}


/** What a run grades with: decided once, before anyone is graded, and reported. */
export type InForce =
  | { mode: 'os-sandbox'; os: { bwrap: string; prlimit: string }; why: null }
  | { mode: 'permission-model'; os: null; why: string }
  | { mode: 'none'; os: null; why: string }

/** `--isolation`: auto (the OS sandbox where it works), required (refuse without it), none (trusted code only). */
export function resolveIsolation(requested: Isolation): InForce | { refused: string } {
  if (requested === 'none') return { mode: 'none', os: null, why: '--isolation none: for trusted code only' }
  const check = findBwrap()
  if (!('why' in check)) return { mode: 'os-sandbox', os: { bwrap: check.bwrap, prlimit: check.prlimit }, why: null }
  if (requested === 'required') return { refused: `--isolation required, but the OS sandbox is not available: ${check.why}` }
  return { mode: 'permission-model', os: null, why: check.why }
}
