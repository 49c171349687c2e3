// Proves the probe reports a file of over 1 MB read whole (readFileSync, a named import of it,
// readFile, fs/promises readFile), and stays silent for a stream or a small file.
import { afterEach, describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import type { Program } from '../src/runner/program.ts'
import { startFixture } from './helpers.ts'

const started: Program[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()))
})

describe('whole-file reads', () => {
  it('reports each large read with how it was read and where', async () => {
    const { program } = await startFixture('reads-large-file.ts')
    started.push(program)
    const seen: Record<string, string[]> = {}
    for (const path of ['/sync', '/named-sync', '/callback', '/promises', '/stream', '/small']) {
      const mark = program.output.mark()
      await program.send(get(path).expectStatus(200))
      seen[path] = (await program.largeFileReads(mark)).map((read) => read.how)
    }
    expect(seen).toEqual({
      '/sync': ['readFileSync'],
      '/named-sync': ['readFileSync'],
      '/callback': ['readFile'],
      '/promises': ['promises.readFile'],
      '/stream': [],
      '/small': [],
    })
    const [read] = await program.largeFileReads()
    expect(read).toMatchObject({ bytes: 2_000_000, where: { line: 18 } })
    expect(read!.path).toMatch(/workbook-large-read-\d+\.bin$/)
  })
})
