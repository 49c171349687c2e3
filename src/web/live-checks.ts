/**
 * Checks the lesson's file on every save and on request, with the terminal's watcher, rerun
 * queue and check (never two runs at once; a save during a run queues one more), and tells
 * every open page: `checking`, then `verdict`, each HTTP check with its timeline. The last verdict is kept for pages that open later.
 */
import { createRerunQueue } from '../learn/rerun-queue.ts'
import { checkAndRecord } from '../learn/run-check.ts'
import { nextLesson, shown, type Session } from '../learn/session.ts'
import { watchFiles } from '../learn/watch-files.ts'
import type { EventStream } from './event-stream.ts'
import { verdictView, type VerdictView } from './verdict.ts'

export type LiveChecks = {
  readonly session: Session
  /** Check now (debounced with saves); `why` is shown while it runs. */
  trigger: (why: string) => void
  /** The events a page that opens now needs: the last verdict, and whether a check runs. */
  snapshot: () => Array<{ event: string; data: unknown }>
  /** Stops watching; resolves once the check under way has finished. */
  stop: () => Promise<void>
}

export function liveChecks(session: Session, events: EventStream): LiveChecks {
  const lesson = session.lesson.number
  let last: VerdictView | null = null
  let checking: { lesson: number; why: string } | null = null
  let why = 'first check'

  const queue = createRerunQueue(async () => {
    checking = { lesson, why }
    events.send('checking', checking)
    try {
      last = verdictView(session.lesson, await checkAndRecord(session, { trace: true }), nextLesson(session))
    } catch (error) {
      last = { lesson, state: 'error', message: error instanceof Error ? error.message : String(error) }
    }
    checking = null
    events.send('verdict', last)
  })
  const watcher = watchFiles(session.dir, {
    poll: session.poll,
    onChange: (file) => {
      why = `saved ${shown(file)}`
      queue.trigger()
    },
  })
  return {
    session,
    trigger: (reason) => {
      why = reason
      queue.trigger()
    },
    snapshot: () => [...(last ? [{ event: 'verdict', data: last }] : []), ...(checking ? [{ event: 'checking', data: checking }] : [])],
    stop: async () => {
      await Promise.all([watcher.close(), queue.stop()])
    },
  }
}
