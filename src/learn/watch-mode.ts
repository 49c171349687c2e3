/**
 * Watch mode: check now, then again after every save (debounced). A run always finishes and
 * stops its server before the next begins; a save during a run queues one more run. Keys:
 * Enter checks now, q goes back to the menu, Ctrl-C quits.
 */
import { ui } from '../report/ui.ts'
import { createRerunQueue } from './rerun-queue.ts'
import { runCheck } from './run-check.ts'
import { shown, type Session } from './session.ts'
import { watchFiles } from './watch-files.ts'

export type WatchExit = 'menu' | 'quit'

/** How long Ctrl-C waits for a check under way before quitting anyway (the exit hook kills it). */
const LEAVE_DEADLINE_MS = 5_000

export async function watchMode(session: Session, input: NodeJS.ReadStream = process.stdin): Promise<WatchExit> {
  let changed: string | null = null
  const watcher = watchFiles(session.dir, {
    poll: session.poll,
    onChange: (file) => {
      changed = file
      queue.trigger()
    },
  })
  const help = () => ui.dim(`Watching ${shown(session.dir)} for saves${watcher.mode === 'polling' ? ' (polling)' : ''}. `) + `${ui.bold('Enter')} check now · ${ui.bold('q')} back to the menu · ${ui.bold('Ctrl-C')} quit`

  const queue = createRerunQueue(async () => {
    const why = changed ? `saved ${shown(changed)}` : 'checking'
    changed = null
    session.write(`\n${ui.dim(`── ${new Date().toLocaleTimeString()} · ${why} ──`)}\n`)
    try {
      await runCheck(session)
    } catch (error) {
      session.write(`${ui.fail('✖')} ${error instanceof Error ? error.message : String(error)}\n`)
    }
    session.write(`\n${help()}\n`)
  })

  const wasRaw = input.isRaw
  input.setRawMode?.(true)
  input.resume()
  session.write(`${help()}\n`)
  queue.trigger()
  try {
    return await new Promise<WatchExit>((resolve) => {
      const onKey = (data: Buffer) => {
        const key = data.toString()
        if (key === '\u0003') leave('quit')
        else if (key === 'q' || key === 'Q') leave('menu')
        else if (key === '\r' || key === '\n') queue.trigger()
      }
      const leave = (how: WatchExit) => {
        input.off('data', onKey)
        void watcher.close()
        if (how === 'quit') {
          // Quitting need not wait long: the runner's exit hook kills whatever is still running.
          session.write(ui.dim('\nStopping…\n'))
          const deadline = new Promise<void>((done) => setTimeout(done, LEAVE_DEADLINE_MS).unref())
          void Promise.race([queue.stop(), deadline]).then(() => resolve(how))
        } else {
          // Back to the menu only once the check under way has finished (its own deadlines bound
          // it), so it never prints over the menu or overlaps the next check.
          session.write(ui.dim(queue.busy ? '\nLeaving watch mode (finishing the check under way)…\n' : '\nLeaving watch mode.\n'))
          void queue.stop().then(() => resolve(how))
        }
      }
      input.on('data', onKey)
    })
  } finally {
    input.setRawMode?.(wasRaw)
    input.pause()
  }
}
