/**
 * When a lesson's deadline passes, the runner is still waiting on its own (shorter) deadlines:
 * kill every process whose working folder is inside the sandbox now, with its group, so the
 * run ends at once. Linux's /proc tells each process's folder; elsewhere this does nothing and
 * the runner's own deadlines and group kill still apply.
 */
import { readdirSync, readlinkSync } from 'node:fs'
import { sep } from 'node:path'

export function killProcessesIn(folder: string): number {
  let killed = 0
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return 0
  }
  for (const pid of pids) {
    let cwd: string
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`)
    } catch {
      continue // gone, or not ours to look at
    }
    if (cwd !== folder && !cwd.startsWith(folder + sep)) continue
    for (const target of [-Number(pid), Number(pid)]) {
      try {
        process.kill(target, 'SIGKILL')
        killed++
        break
      } catch {
        // not a group leader, or already gone
      }
    }
  }
  return killed
}
