/**
 * Runs a job after a burst of triggers settles (debounced), never two at once: a trigger that
 * lands during a run queues exactly one more run, started right after the current one ends.
 */
export type RerunQueue = {
  trigger: () => void
  /** Stops scheduling; resolves when the run under way (if any) has finished. */
  stop: () => Promise<void>
  /** A run is under way. */
  readonly busy: boolean
}

export function createRerunQueue(job: () => Promise<void>, debounceMs = 60): RerunQueue {
  let timer: NodeJS.Timeout | null = null
  let current: Promise<void> | null = null
  let again = false
  let stopped = false

  const start = () => {
    if (stopped) return
    if (current) {
      again = true
      return
    }
    again = false
    current = job()
      .catch(() => {}) // the job reports its own failures
      .finally(() => {
        current = null
        if (again) start()
      })
  }

  return {
    get busy() {
      return current !== null
    },
    trigger: () => {
      if (stopped) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        start()
      }, debounceMs)
    },
    stop: async () => {
      stopped = true
      if (timer) clearTimeout(timer)
      await current
    },
  }
}
