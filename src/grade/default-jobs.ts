/**
 * How many learners' programs `grade` runs at once when `--jobs` is not given. The runs mostly
 * wait (request deadlines, slow routes, timers, a starter's unanswered requests), not compute,
 * so, as for `verify`, four per core keep the cores busy; more only queue for them. Each run may
 * hold its heap cap and Node's own memory, so no more run at once than the free memory holds.
 */
import { availableParallelism, freemem } from 'node:os'

/** Runs per core: what the class benchmark showed before the cores, not the waits, were full. */
const RUNS_PER_CORE = 4
const MAX_JOBS = 16
/** Node itself, the probe and the buffers a program holds outside its heap, beside its heap cap. */
const NODE_OWN_MB = 64

export type Machine = { cores: number; freeBytes: number }

export function defaultGradeJobs(memoryMb: number, machine: Machine = { cores: availableParallelism(), freeBytes: freemem() }): number {
  const byCores = Math.min(MAX_JOBS, machine.cores * RUNS_PER_CORE)
  const byMemory = Math.floor(machine.freeBytes / ((memoryMb + NODE_OWN_MB) * 1024 * 1024))
  return Math.max(1, Math.min(byCores, byMemory))
}
