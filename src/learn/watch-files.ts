/**
 * Tells when the learner saves a file in their exercise folder: `fs.watch` where it works,
 * `fs.watchFile` polling where file events do not arrive (WSL on /mnt, network drives) or
 * when asked with `--poll`. Editor litter (swap files, backups, dotfiles) is ignored.
 */
import { readdirSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs'
import { basename, join } from 'node:path'

export type FileWatcher = { mode: 'events' | 'polling'; close: () => void }

const POLL_MS = 250

export function isEditorLitter(file: string): boolean {
  const name = basename(file)
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|swo|tmp|bak)$/.test(name) || name === '4913' || file.split(/[\\/]/).includes('node_modules')
}

export function watchFiles(dir: string, options: { poll: boolean; onChange: (file: string) => void }): FileWatcher {
  if (!options.poll) {
    try {
      return watchWithEvents(dir, options.onChange)
    } catch {
      // fs.watch unavailable here: poll instead.
    }
  }
  return watchByPolling(dir, options.onChange)
}

function watchWithEvents(dir: string, onChange: (file: string) => void): FileWatcher {
  let fallback: FileWatcher | null = null
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    const file = name ? join(dir, name.toString()) : dir
    if (!isEditorLitter(file)) onChange(file)
  })
  watcher.on('error', () => {
    // The watch broke (folder moved, too many watches): carry on by polling.
    watcher.close()
    fallback ??= watchByPolling(dir, onChange)
  })
  return {
    // 'polling' once the watch broke and polling took over: the help line says which.
    get mode() {
      return fallback ? fallback.mode : 'events'
    },
    close: () => {
      watcher.close()
      fallback?.close()
    },
  }
}

function watchByPolling(dir: string, onChange: (file: string) => void): FileWatcher {
  const watched = new Set<string>()
  const listener = (file: string) => (current: { mtimeMs: number }, previous: { mtimeMs: number }) => {
    if (current.mtimeMs === previous.mtimeMs) return
    if (file === dir) rescan()
    else onChange(file)
  }
  const add = (file: string) => {
    if (watched.has(file)) return
    watched.add(file)
    watchFile(file, { interval: POLL_MS }, listener(file))
  }
  // The folder's own mtime changes when a file is added, removed or renamed over (atomic saves).
  const rescan = () => {
    for (const file of listFiles(dir)) {
      const isNew = !watched.has(file)
      add(file)
      if (isNew) onChange(file)
    }
  }
  add(dir)
  for (const file of listFiles(dir)) add(file)
  return {
    mode: 'polling',
    close: () => {
      for (const file of watched) unwatchFile(file)
      watched.clear()
    },
  }
}

function listFiles(dir: string, depth = 0): string[] {
  if (depth > 3) return []
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const file = join(dir, entry.name)
    if (isEditorLitter(file)) return []
    return entry.isDirectory() ? listFiles(file, depth + 1) : [file]
  })
}
