/**
 * Tells when the learner saves a file in their exercise folder, through chokidar: file events
 * where they work, polling where they do not arrive (WSL on /mnt, network drives) or when asked
 * with `--poll` (or chokidar's own `CHOKIDAR_USEPOLLING=1`). chokidar watches each folder and
 * file on its own, so a save that replaces the file (a temporary file renamed over it, the safe
 * write of many editors and `sed -i`) is seen as a change, again and again. Editor litter (swap
 * files, backups, dotfiles) and node_modules are ignored.
 */
import { basename, relative } from 'node:path'
import { watch, type FSWatcher } from 'chokidar'

export type FileWatcher = {
  /** 'polling' also once file events broke and polling took over: the help line says which. */
  readonly mode: 'events' | 'polling'
  /** Resolves once the folder has been read and every save from then on is seen. */
  readonly ready: Promise<void>
  close: () => Promise<void>
}

/** How often polling looks at each file. */
const POLL_MS = 250
/** Sub-folders deep enough for any exercise (public/css/…), never a whole disk by mistake. */
const MAX_DEPTH = 3

export function isEditorLitter(file: string): boolean {
  const name = basename(file)
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|swo|tmp|bak)$/.test(name) || name === '4913' || file.split(/[\\/]/).includes('node_modules')
}

export function watchFiles(dir: string, options: { poll: boolean; onChange: (file: string) => void }): FileWatcher {
  let closed = false
  const begin = (poll: boolean) => {
    const watcher = start(dir, poll, options.onChange)
    watcher.on('error', () => {
      // File events broke (too many watches, a file system that refuses them): carry on by
      // polling, as --poll would have. A watcher that already polls keeps going.
      if (closed || watcher !== current.watcher || watcher.options.usePolling) return
      current = begin(true)
      void watcher.close()
    })
    return { watcher, ready: whenReady(watcher) }
  }
  let current = begin(options.poll)
  return {
    get mode() {
      return current.watcher.options.usePolling ? 'polling' : 'events'
    },
    get ready() {
      return current.ready
    },
    close: async () => {
      closed = true
      await current.watcher.close()
    },
  }
}

function start(dir: string, poll: boolean, onChange: (file: string) => void): FSWatcher {
  const watcher = watch(dir, {
    ignoreInitial: true,
    // Relative to the exercise folder, which may itself sit under a dotted folder.
    ignored: (path) => path !== dir && isEditorLitter(relative(dir, path)),
    depth: MAX_DEPTH,
    usePolling: poll,
    interval: POLL_MS,
    binaryInterval: POLL_MS,
  })
  watcher.on('all', (event, path) => {
    if (event !== 'addDir') onChange(path) // a new folder's files arrive as adds of their own
  })
  return watcher
}

function whenReady(watcher: FSWatcher): Promise<void> {
  return new Promise((resolve) => watcher.once('ready', () => resolve()))
}
