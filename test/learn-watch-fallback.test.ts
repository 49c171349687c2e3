// Proves watch mode carries on by polling when file events break while it watches (too many
// watches: ENOSPC), says so in its mode, stops the broken watcher, and still sees saves. The
// break is the one thing not made for real: the watcher it raises the error on is chokidar's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FSWatcher } from 'chokidar'
import { afterEach, expect, it, vi } from 'vitest'
import { watchFiles, type FileWatcher } from '../src/learn/watch-files.ts'

const started = vi.hoisted(() => [] as FSWatcher[])
vi.mock('chokidar', async (importOriginal) => {
  const chokidar = await importOriginal<typeof import('chokidar')>()
  return {
    ...chokidar,
    watch: (...args: Parameters<typeof chokidar.watch>) => {
      const watcher = chokidar.watch(...args)
      started.push(watcher)
      return watcher
    },
  }
})

let dir = ''
let watcher: FileWatcher | null = null
afterEach(async () => {
  await watcher?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('falls back to polling when file events break, and still sees saves', async () => {
  dir = mkdtempSync(join(tmpdir(), 'watch-fallback-'))
  const server = join(dir, 'server.ts')
  writeFileSync(server, 'start')
  let seen: (() => void) | null = null
  watcher = watchFiles(dir, { poll: false, onChange: (file) => file === server && seen?.() })
  await watcher.ready
  expect(watcher.mode).toBe('events')

  started[0]!.emit('error', Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }))
  expect(watcher.mode).toBe('polling')
  expect(started).toHaveLength(2)
  expect(started[1]!.options.usePolling).toBe(true)
  await watcher.ready
  expect(started[0]!.closed).toBe(true)

  // A poll's first look may come after a save made at once: save again until one is seen.
  const deadline = Date.now() + 10_000
  for (let attempt = 1; ; attempt++) {
    const saw = new Promise<boolean>((resolve) => {
      seen = () => resolve(true)
      setTimeout(() => resolve(false), 500)
    })
    writeFileSync(server, `saved ${attempt}`)
    if (await saw) break
    if (Date.now() > deadline) throw new Error('no save seen within 10 s of falling back to polling')
  }
}, 30_000)
