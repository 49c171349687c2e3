/**
 * Keeps one learner process started ahead of time (Node, tsx and the probe loaded, waiting), so
 * the next check of the same exercise skips their start-up: what makes watch mode feel instant,
 * and what lets `check` start the program's Node while it is still loading its own modules.
 * A standby is only used for exactly the options it was started with.
 */
import { isDeepStrictEqual } from 'node:util'
import { LearnerProcess, type StartOptions } from './learner-process.ts'

type Fixed = Omit<StartOptions, 'entry'>

export class WarmStarts {
  private standby: { options: Fixed; process: LearnerProcess } | null = null
  private readonly keepStandby: boolean
  /** How many starts a standby served (the rest started cold). */
  served = 0

  /** `keepStandby: false`: no new standby after one is used (a single check needs one start ahead, not two). */
  constructor({ keepStandby = true }: { keepStandby?: boolean } = {}) {
    this.keepStandby = keepStandby
  }

  /** Starts a standby for these options now, unless one waits already. */
  prepare(options: Fixed): void {
    if (this.standby && !this.standby.process.hasExited) return
    this.standby = { options, process: new LearnerProcess({ ...options, entry: null }) }
  }

  /** A process already running `entry`, from the standby if it fits, else started now; then the next standby is started. */
  start(options: StartOptions & { entry: string }): LearnerProcess {
    const { entry, ...fixed } = options
    const ready = this.standby && !this.standby.process.hasExited && isDeepStrictEqual(this.standby.options, fixed) ? this.standby.process : null
    if (!ready) void this.standby?.process.stop()
    this.standby = null
    const process = ready ?? new LearnerProcess(options)
    if (ready) {
      ready.go(entry)
      this.served++
    }
    if (this.keepStandby) this.standby = { options: fixed, process: new LearnerProcess({ ...fixed, entry: null }) }
    return process
  }

  /** The waiting standby's process id, if one waits. */
  get standbyPid(): number | undefined {
    return this.standby?.process.pid
  }

  /** Stops the waiting standby. */
  async close(): Promise<void> {
    const standby = this.standby
    this.standby = null
    await standby?.process.stop()
  }
}
