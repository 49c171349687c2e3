// Proves the raw TCP client checks talk with: pieces leave as separate packets and lines sent
// together as one, lines are read with deadlines, the server's end and the client's two ways of
// leaving are seen for what they are, every failure carries its transcript, and the line that
// replays a conversation by hand really sends the same pieces.
import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tcp } from '../src/dsl/tcp-client.ts'
import { CheckFailure } from '../src/dsl/failure.ts'
import type { Program } from '../src/runner/program.ts'
import { converse, showBytes } from '../src/runner/tcp-conversation.ts'
import { formatTranscript, tryItFor } from '../src/runner/report-transcript.ts'
import { startFixture } from './helpers.ts'

let program: Program
const target = () => ({ host: program.host, port: program.port, displayPort: program.port })

beforeAll(async () => {
  const started = await startFixture('line-server.ts')
  expect(started.outcome.state).toBe('listening')
  program = started.program
  await program.talk(tcp().line('PING').expectLine('PONG')) // a first exchange, so its code is warm before pieces are timed
}, 20_000)
afterAll(() => program?.stop())

describe('a TCP conversation', () => {
  it('sends pieces as separate packets and several lines as one', async () => {
    const conversation = await program.talk(
      tcp().inPieces(['PI', 'NG\n'], 60).expectLine('PONG').line('CHUNKS').expectLine('3').lines(['CHUNKS', 'CHUNKS']).expectLine('4').expectLine('4'),
    )
    expect(conversation.lines).toEqual(['PONG', '3', '4', '4'])
    expect(conversation.entries.filter((entry) => entry.kind === 'sent').map((entry) => entry.text)).toEqual(['"PI"', '"NG\\n"', '"CHUNKS\\n"', '"CHUNKS\\nCHUNKS\\n"'])
  })

  it('cuts text inside its multi-byte characters, and reads them back whole', async () => {
    const script = tcp().split('ECHO zoë 名前\n', { delayMs: 60 })
    const [step] = script.steps
    const pieces = step?.kind === 'send' ? step.pieces : []
    expect(pieces.map(showBytes)).toEqual(['"ECHO zo\\xC3"', '"\\xAB \\xE5"', '"\\x90\\x8D\\xE5"', '"\\x89\\x8D\\n"'])
    const conversation = await program.talk(script.expectLine('zoë 名前').line('CHUNKS').expectLine('5'))
    expect(conversation.lines).toEqual(['zoë 名前', '5'])
  })

  it('fails with the whole transcript when the line does not come in time', async () => {
    const { failure, transcript } = await converse(tcp().line('PING').expectLine('PONG').line('SILENT').expectLine('ANSWER', { timeoutMs: 200 }), target())
    expect(failure).toMatchObject({ message: 'expected the line "ANSWER", but no line within 200 ms', actual: 'no line within 200 ms', diagnosis: null })
    const shown = formatTranscript(transcript.entries)
    expect(shown.map((line) => line.replace(/^ *\d+ ms /, ''))).toEqual([`· connected to port ${program.port}`, '→ "PING\\n"', '← "PONG\\n"', '→ "SILENT\\n"'])
  })

  it('names a wrong line, and a partial one with no line ending', async () => {
    const wrong = await converse(tcp().line('NOPE').expectLine('PONG'), target())
    expect(wrong.failure?.message).toBe('expected the line "PONG", but got "ERR"')
    const partial = await converse(tcp().line('PARTIAL').expectLine('PART', { timeoutMs: 200 }), target())
    expect(partial.failure?.actual).toBe('no line within 200 ms (only "PART", with no line ending)')
    expect(partial.transcript.entries.at(-1)).toMatchObject({ kind: 'received', text: '"PART" (no line ending)' })
  })

  it('sees the server end the connection, and fails a line expected after it', async () => {
    const ended = await program.talk(tcp().line('BYE').expectLine('BYE').expectEnd(1000))
    expect(ended.ended).toBe(true)
    expect(ended.entries.some((entry) => entry.kind === 'note' && entry.text === 'the server ended the connection')).toBe(true)
    const after = await converse(tcp().line('BYE').expectLine('BYE').expectLine('MORE'), target())
    expect(after.failure?.message).toBe('expected the line "MORE", but the server ended the connection')
    const open = await converse(tcp().line('PING').expectLine('PONG').expectEnd(150), target())
    expect(open.failure?.message).toBe('expected the server to end the connection, but it was still open 150 ms later')
  })

  it('fails a silence on anything that arrives, and judges everything received', async () => {
    const noisy = await converse(tcp().line('PARTIAL').expectSilence(300, 'nothing to say'), target())
    expect(noisy.failure?.message).toBe('expected nothing more (nothing to say), but received "PART"')
    const quiet = await converse(tcp().line('SILENT').expectSilence(100, 'nothing to say').line('PING').expectLine('PONG'), target())
    expect(quiet.failure).toBeNull()
    const judged = await converse(tcp().line('PING').expectLine('PONG').expectReceived('five bytes', (c) => (c.received.length === 5 ? null : `${c.received.length} bytes`)), target())
    expect(judged.failure).toBeNull()
    const misjudged = await converse(tcp().line('PING').expectLine('PONG').expectReceived('six bytes', (c) => (c.received.length === 6 ? null : `${c.received.length} bytes came`)), target())
    expect(misjudged.failure?.message).toBe('expected six bytes, but 5 bytes came')
  })

  it("is left politely ('end') or abruptly (ECONNRESET), as the server sees it", async () => {
    const politely = program.output.mark()
    await program.talk(tcp().line('PING').expectLine('PONG').disconnect())
    expect(await program.output.waitForLine(/^end$/, { since: politely, timeoutMs: 2000 })).toBe('end')
    const abruptly = program.output.mark()
    await program.talk(tcp().line('PING').expectLine('PONG').disconnectAbruptly())
    expect(await program.output.waitForLine('error', { since: abruptly, timeoutMs: 2000 })).toBe('error ECONNRESET')
    expect(program.output.lines({ since: abruptly })).not.toContain('end')
  })

  it('diagnoses split-multibyte when a character cut between packets comes back broken', async () => {
    const { failure } = await converse(tcp().line('CHUNKWISE').expectLine('OK').split('ECHO zoë\n').expectLine('zoë'), target())
    expect(failure).toMatchObject({ diagnosis: 'split-multibyte', actual: '"zo\uFFFD\uFFFD"' })
    const unsplit = await converse(tcp().line('CHUNKWISE').expectLine('OK').line('ECHO zoë').expectLine('zoe'), target())
    expect(unsplit.failure?.diagnosis).toBeNull()
  })

  it('reports a program that is not there', async () => {
    const { failure } = await converse(tcp().line('PING').expectLine('PONG'), { host: '127.0.0.1', port: 1, displayPort: 3000 })
    expect(failure?.message).toBe('could not connect to the program: connection refused: the server is not listening (did it stop or crash?)')
  })

  it('throws a CheckFailure carrying the conversation from talk()', async () => {
    const error = await program.talk(tcp().line('NOPE').expectLine('PONG')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CheckFailure)
    expect((error as CheckFailure).details.conversation?.lines).toEqual(['ERR'])
    expect((error as CheckFailure).details.conversation?.tryIt).toBe('nc localhost 3000    # then type: NOPE ⏎') // the port the learner wrote
  })
})

describe('the line that replays a conversation by hand', () => {
  it('is nc for lines typed one after the other', () => {
    const sent = ['PING\n', 'ECHO hi\n'].map((text, i) => ({ atMs: i * 5, data: Buffer.from(text) }))
    expect(tryItFor([...sent, { atMs: 20, data: 'end' as const }], { displayPort: 3000 })).toBe('nc localhost 3000    # then type: PING ⏎ ECHO hi ⏎')
  })

  it('is a line of Node that sends the same pieces, with the same pauses, and shows what comes back', async () => {
    const { transcript, failure } = await converse(tcp().inPieces(['PI', 'NG\n'], 60).expectLine('PONG').split('ECHO zoë\n', { delayMs: 60 }).expectLine('zoë').line('CHUNKS').expectLine('5'), target())
    expect(failure).toBeNull()
    expect(transcript.tryIt).toMatch(/^node -e '/)
    const output = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', transcript.tryIt], { timeout: 8000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    )
    // The replay's pieces reach the server as pieces: CHUNKS counts them as the check's did.
    expect(output).toBe('PONG\nzoë\n5\n')
  }, 15_000)
})
