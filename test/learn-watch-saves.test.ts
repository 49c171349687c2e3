// Proves every common editor's save is seen, again and again, with file events and by polling:
// a write in place, a temporary file renamed over the original (vim's and many editors' safe
// write, `sed -i`), delete-and-create, a burst of saves, a file in a sub-folder made after the
// watch began, a workbook inside node_modules; and that editor litter is never reported. Node
// 20's recursive fs.watch goes deaf after the first replace-by-rename.
//
// Real files, real saves; the watcher's own timers (it holds a change for 50 ms, a delete for
// 100 ms to pair it with a create) run on vitest's fake clock, moved on at once after each save
// is seen instead of sleeping. Each wait is for an event, bounded by a real deadline.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isEditorLitter, watchFiles, type FileWatcher } from '../src/learn/watch-files.ts'

const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout
/** How long a save may take to be seen on a loaded machine before the watcher counts as deaf. */
const DEAF_AFTER_MS = 10_000

let dir = ''
let watcher: FileWatcher | null = null
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(async () => {
  await watcher?.close()
  watcher = null
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

/** Watches a fresh folder (under `parent`, if given) with server.ts in it; `seen()` waits for the next change to `file`. */
async function watched(poll: boolean, parent = '') {
  dir = mkdtempSync(join(tmpdir(), 'watch-saves-'))
  const root = parent ? join(dir, parent) : dir
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'server.ts'), 'start')
  const reported: string[] = []
  let waiting: { file: string; resolve: () => void } | null = null
  watcher = watchFiles(root, {
    poll,
    onChange: (file) => {
      reported.push(file)
      if (waiting && file === waiting.file) waiting.resolve()
    },
  })
  const next = (file: string) => new Promise<void>((resolve) => (waiting = { file, resolve: () => ((waiting = null), resolve()) }))
  const seen = async (file: string, what: string) => {
    let timer: NodeJS.Timeout | undefined
    const deaf = new Promise<never>((_, reject) => {
      timer = realSetTimeout(() => reject(new Error(`${what}: not seen within ${DEAF_AFTER_MS} ms; reported: ${reported.join(', ') || 'nothing'}`)), DEAF_AFTER_MS)
    })
    try {
      await Promise.race([next(file), deaf])
    } finally {
      realClearTimeout(timer)
    }
  }
  /** Lets the watcher's held events and throttles run out, on the fake clock: at once. */
  const quiet = () => vi.advanceTimersByTimeAsync(1_000)
  /**
   * Saves `file` until a save is reported. A poll's first look at a file or folder may come after
   * a save made at once, which it then never reports: a learner never saves that fast, a test does.
   */
  const arm = async (file: (attempt: number) => string) => {
    for (let attempt = 1; ; attempt++) {
      const saved = file(attempt)
      const saw = next(saved)
      writeFileSync(saved, `arming ${attempt}`)
      const got = await Promise.race([saw.then(() => true), new Promise<boolean>((resolve) => realSetTimeout(() => resolve(false), 500))])
      if (got) return
      if (attempt * 500 > DEAF_AFTER_MS) throw new Error(`${saved}: no save reported within ${DEAF_AFTER_MS} ms of watching`)
    }
  }
  await watcher.ready
  await arm(() => join(root, 'server.ts'))
  await arm((attempt) => join(root, `armed-${attempt}.txt`)) // the folder's own poll: a new file
  await quiet()
  return { root, seen, quiet, arm, reported }
}

describe.each([false, true])('watching for saves (poll: %s)', (poll) => {
  it('sees every kind of save, each time', async () => {
    const { root, seen, quiet, arm } = await watched(poll)
    const server = join(root, 'server.ts')
    for (let round = 1; round <= 3; round++) {
      let saw = seen(server, `write in place #${round}`)
      writeFileSync(server, `in place ${round}`)
      await saw
      await quiet()
      saw = seen(server, `replace by rename #${round}`)
      writeFileSync(join(root, '.server.ts.tmp'), `renamed ${round}`)
      renameSync(join(root, '.server.ts.tmp'), server)
      await saw
      await quiet()
      saw = seen(server, `delete and create #${round}`)
      rmSync(server)
      writeFileSync(server, `recreated ${round}`)
      await saw
      await quiet()
      // A file made anew is polled afresh: its first look may take in a save made at once after it.
      if (poll) await arm(() => server), await quiet()
    }
  }, 120_000)

  it('sees a save like vim\'s: the original renamed away, the new text written, the backup removed', async () => {
    const { root, seen, quiet } = await watched(poll)
    const server = join(root, 'server.ts')
    for (let round = 1; round <= 2; round++) {
      const saw = seen(server, `vim-style save #${round}`)
      writeFileSync(join(root, '4913'), '') // vim's probe that the folder is writable
      rmSync(join(root, '4913'))
      renameSync(server, join(root, 'server.ts~'))
      writeFileSync(server, `written by vim ${round}`)
      rmSync(join(root, 'server.ts~'))
      await saw
      await quiet()
    }
  }, 60_000)

  it('sees a burst of saves, and the last one after it', async () => {
    const { root, seen, quiet } = await watched(poll)
    const server = join(root, 'server.ts')
    let saw = seen(server, 'the burst')
    for (let i = 0; i < 20; i++) writeFileSync(server, `burst ${i}`)
    await saw
    await quiet()
    saw = seen(server, 'the save after a burst')
    writeFileSync(join(root, 'server.ts.new'), 'after the burst')
    renameSync(join(root, 'server.ts.new'), server)
    await saw
  }, 60_000)

  it('sees saves in a sub-folder, including one made after the watch began', async () => {
    const { root, seen, quiet, arm } = await watched(poll)
    const page = join(root, 'public', 'index.html')
    let saw = seen(page, 'a file in a new sub-folder')
    mkdirSync(join(root, 'public'))
    writeFileSync(page, 'first')
    await saw
    await arm(() => page) // as a learner's next save would, seconds later
    await quiet()
    saw = seen(page, 'a save in the new sub-folder')
    writeFileSync(join(root, 'public', '.index.html.tmp'), 'second')
    renameSync(join(root, 'public', '.index.html.tmp'), page)
    await saw
  }, 60_000)

  it('watches an exercise folder that sits under node_modules or a dotted folder (litter inside it only)', async () => {
    const { root, seen } = await watched(poll, join('.config', 'node_modules', 'node-http-workbook', 'exercises', '03-request-response'))
    const saw = seen(join(root, 'server.ts'), 'a save in a workbook installed as a package')
    writeFileSync(join(root, 'server.ts'), 'saved')
    await saw
  }, 60_000)

  it('never reports editor litter or node_modules', async () => {
    const { root, seen, reported } = await watched(poll)
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true })
    const litter = ['.server.ts.swp', 'server.ts~', 'server.ts.bak', '4913', '.DS_Store', join('node_modules', 'pkg', 'index.js')].map((name) => join(root, name))
    for (const file of litter) writeFileSync(file, 'litter')
    // Written last: the litter's events, were any reported, would come before this one.
    const later = join(root, 'later.ts')
    const saw = seen(later, 'a new file after the litter')
    writeFileSync(later, 'real')
    await saw
    expect(reported.filter((file) => litter.includes(file) || file.includes('node_modules'))).toEqual([])
  }, 60_000)
})

it('counts swap files, backups, dotfiles and node_modules as litter, and nothing else', () => {
  for (const litter of ['.server.ts.swp', 'server.ts.swx', 'server.ts.swo', 'server.ts~', 'server.ts.bak', 'x.tmp', '4913', '.git', 'node_modules/a/b.js', 'public/.index.html.tmp']) {
    expect(isEditorLitter(litter), litter).toBe(true)
  }
  for (const file of ['server.ts', 'public/index.html', 'app.mjs', 'data.json', 'notes.md']) expect(isEditorLitter(file), file).toBe(false)
})
