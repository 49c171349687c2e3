// Proves the probe reports each fs.createReadStream (also a named import of it) with its file and
// line, and its closing: a stream piped with pipe() to a client that hangs up stays open, one
// given to pipeline() closes, and so does one whose file does not exist.
import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import type { Program } from '../src/runner/program.ts'
import { startFixture } from './helpers.ts'

const started: Program[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()))
})

/** GETs `path` and hangs up at the first bytes of the body (or at its end, if it is short). */
function hangUpEarly(program: Program, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: program.host, port: program.port, path, agent: false }, (res) => {
      res.once('data', () => req.destroy())
      res.once('end', () => req.destroy())
    })
    req.on('close', () => resolve())
    req.on('error', () => {})
    setTimeout(() => reject(new Error(`GET ${path}: no close within 2 s`)), 2000).unref()
  })
}

/** Whether the streams opened since `mark` are open, once `ms` have passed (the program settled). */
async function streamsAfter(program: Program, mark: number, ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms))
  return program.fileStreams(mark)
}

describe('file read streams', () => {
  it('reports each stream opened, where, and whether it was closed', async () => {
    const { program } = await startFixture('streams-files.ts')
    started.push(program)
    const seen: Record<string, boolean[]> = {}
    for (const path of ['/pipe', '/named', '/pipeline', '/missing', '/none']) {
      const mark = program.output.mark()
      await hangUpEarly(program, path)
      seen[path] = (await streamsAfter(program, mark, 300)).map((stream) => stream.open)
    }
    expect(seen).toEqual({ '/pipe': [true], '/named': [true], '/pipeline': [false], '/missing': [false], '/none': [] })
    const [first] = await program.fileStreams()
    expect(first).toMatchObject({ open: true, where: { line: 18 } })
    expect(first!.path).toMatch(/workbook-streamed-\d+\.bin$/)
  })
})
