// Proves every common editor's save is seen, again and again: a write in place, a temporary file
// renamed over the original (safe writes, `sed -i`), delete-and-create, a burst of saves, and a
// file in a sub-folder. Node 20's recursive watch goes deaf after the first replace-by-rename.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchFiles, type FileWatcher } from '../src/learn/watch-files.ts'

let dir = ''
let watcher: FileWatcher | null = null
afterEach(() => {
  watcher?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Starts watching a fresh folder with server.ts in it; `seen()` waits for the next change to `file`. */
function watched(poll: boolean) {
  dir = mkdtempSync(join(tmpdir(), 'watch-saves-'))
  writeFileSync(join(dir, 'server.ts'), 'start')
  let waiting: { file: string; resolve: () => void } | null = null
  watcher = watchFiles(dir, {
    poll,
    onChange: (file) => {
      if (waiting && file === waiting.file) waiting.resolve()
    },
  })
  const seen = (file: string, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: not seen within 3 s`)), 3000)
      waiting = { file, resolve: () => (clearTimeout(timer), (waiting = null), resolve()) }
    })
  return { seen }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 350))

describe.each([false, true])('watching for saves (poll: %s)', (poll) => {
  it('sees every kind of save, each time', async () => {
    const { seen } = watched(poll)
    const server = join(dir, 'server.ts')
    await settle()
    for (let round = 1; round <= 3; round++) {
      let saw = seen(server, `write in place #${round}`)
      writeFileSync(server, `in place ${round}`)
      await saw
      await settle()
      saw = seen(server, `replace by rename #${round}`)
      writeFileSync(join(dir, '.server.ts.tmp'), `renamed ${round}`)
      renameSync(join(dir, '.server.ts.tmp'), server)
      await saw
      await settle()
      saw = seen(server, `delete and create #${round}`)
      rmSync(server)
      writeFileSync(server, `recreated ${round}`)
      await saw
      await settle()
    }
  }, 60_000)

  it('sees a burst of saves, and the last one after it', async () => {
    const { seen } = watched(poll)
    const server = join(dir, 'server.ts')
    await settle()
    for (let i = 0; i < 20; i++) writeFileSync(server, `burst ${i}`)
    await settle()
    const saw = seen(server, 'the save after a burst')
    writeFileSync(join(dir, 'server.ts.new'), 'after the burst')
    renameSync(join(dir, 'server.ts.new'), server)
    await saw
  }, 30_000)

  it('sees saves in a sub-folder, including one made after the watch began', async () => {
    const { seen } = watched(poll)
    await settle()
    mkdirSync(join(dir, 'public'))
    writeFileSync(join(dir, 'public', 'index.html'), 'first')
    await settle()
    await settle()
    const page = join(dir, 'public', 'index.html')
    const saw = seen(page, 'a save in a new sub-folder')
    writeFileSync(join(dir, 'public', '.index.html.tmp'), 'second')
    renameSync(join(dir, 'public', '.index.html.tmp'), page)
    await saw
  }, 30_000)
})
