/**
 * Tells when the learner saves a file in their exercise folder: `fs.watch` where it works,
 * `fs.watchFile` polling where file events do not arrive (WSL on /mnt, network drives) or
 * when asked with `--poll`. Editor litter (swap files, backups, dotfiles) is ignored.
 */
import { readdirSync, statSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs'
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

/**
 * One non-recursive watch per folder. Node 20's `recursive` watch on Linux watches files one by
 * one and goes deaf once a save replaces the file (write a temporary file, rename it over: the
 * safe write of many editors, `sed -i`); a folder's watch sees every entry change, renames too.
 */
function watchWithEvents(dir: string, onChange: (file: string) => void): FileWatcher {
  let fallback: FileWatcher | null = null
  const watchers = new Map<string, FSWatcher>()
  const closeAll = () => {
    for (const watcher of watchers.values()) watcher.close()
    watchers.clear()
  }
  const watchFolder = (folder: string) => {
    if (watchers.has(folder)) return
    const watcher = watch(folder, (_event, name) => {
      const file = name ? join(folder, name.toString()) : folder
      if (isEditorLitter(file)) return
      if (isFolder(file)) {
        // A new folder: watch it too, and count the files it arrived with.
        for (const sub of [file, ...listFolders(file)]) watchFolder(sub)
        return
      }
      onChange(file)
    })
    watcher.on('error', () => {
      // A watch broke (folder removed, too many watches): for the root, carry on by polling.
      watcher.close()
      watchers.delete(folder)
      if (folder === dir && !fallback) {
        closeAll()
        fallback = watchByPolling(dir, onChange)
      }
    })
    watchers.set(folder, watcher)
  }
  watchFolder(dir)
  for (const folder of listFolders(dir)) watchFolder(folder)
  return {
    // 'polling' once the watch broke and polling took over: the help line says which.
    get mode() {
      return fallback ? fallback.mode : 'events'
    },
    close: () => {
      closeAll()
      fallback?.close()
    },
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
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
  return listEntries(dir, depth, 'files')
}

function listFolders(dir: string, depth = 0): string[] {
  return listEntries(dir, depth, 'folders')
}

function listEntries(dir: string, depth: number, kind: 'files' | 'folders'): string[] {
  if (depth > 3) return []
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name)
    if (isEditorLitter(path)) return []
    if (!entry.isDirectory()) return kind === 'files' ? [path] : []
    return [...(kind === 'folders' ? [path] : []), ...listEntries(path, depth + 1, kind)]
  })
}
