/**
 * Plays a TCP script (`src/dsl/tcp-client.ts`) against the program over one real connection:
 * sends what it says when it says, reads lines as they arrive, and judges each expectation in
 * turn. Every wait has a deadline; the connection is always closed at the end. `converse` never
 * throws; `talk` throws a failure that carries the whole transcript and a line to replay it.
 */
import net from 'node:net'
import { REQUEST_DEADLINE_MS } from '../limits.ts'
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import { CheckFailure } from '../dsl/failure.ts'
import { cutsACharacter, type TcpScript, type TcpTranscript, type TranscriptEntry } from '../dsl/tcp-client.ts'
import { tryItFor, type SentPiece } from './report-transcript.ts'

export type TcpTarget = { host: string; port: number; displayPort: number }

export type ConversationFailure = { message: string; expected: string; actual: string; diagnosis: DiagnosisCode | null }
export type Conversation = { transcript: TcpTranscript; failure: ConversationFailure | null }

/** After the script, how long a polite goodbye may take before the socket is destroyed. */
const CLOSE_GRACE_MS = 300

/** Plays the script; throws a `CheckFailure` (with the transcript) at the first expectation not met. */
export async function talk(script: TcpScript, target: TcpTarget): Promise<TcpTranscript> {
  const { transcript, failure } = await converse(script, target)
  if (failure) {
    throw new CheckFailure(failure.message, {
      expected: failure.expected,
      actual: failure.actual,
      conversation: transcript,
      ...(failure.diagnosis ? { diagnosis: failure.diagnosis } : {}),
    })
  }
  return transcript
}

export async function converse(script: TcpScript, target: TcpTarget): Promise<Conversation> {
  const started = performance.now()
  const at = () => Math.round(performance.now() - started)
  const entries: TranscriptEntry[] = []
  const lines: string[] = []
  const lineTimes: number[] = []
  const chunks: Buffer[] = []
  const sent: SentPiece[] = []
  const sentPieces: Buffer[][] = []
  let pending: Buffer = Buffer.alloc(0) // bytes after the last line ending
  let bytesIn = 0
  let unread = 0 // index of the next line not yet looked at
  let ended = false // the server ended its side or closed the connection
  let leftByUs = false
  let answered = false // an expectation was met since the last send
  const note = (text: string) => entries.push({ atMs: at(), kind: 'note', text })

  let wake: (() => void) | null = null
  const notify = () => wake?.()
  /** Resolves on the next thing that happens on the connection, or after `ms`. */
  const nextEvent = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms))
      function done() {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })

  const socket = new net.Socket()
  socket.setNoDelay(true) // each write its own packet: pieces stay pieces
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    bytesIn += chunk.length
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let end: number
    while ((end = pending.indexOf(0x0a)) !== -1) {
      const text = pending.subarray(0, end + 1).toString('utf8') // decoded whole: a split character is joined again
      pending = pending.subarray(end + 1)
      entries.push({ atMs: at(), kind: 'received', text: JSON.stringify(text) })
      lines.push(text.replace(/\r?\n$/, ''))
      lineTimes.push(at())
    }
    notify()
  })
  const partial = () => {
    if (!pending.length) return
    entries.push({ atMs: at(), kind: 'received', text: `${JSON.stringify(pending.toString('utf8'))} (no line ending)` })
    pending = Buffer.alloc(0)
  }
  socket.on('end', () => {
    partial()
    ended = true
    note('the server ended the connection')
    notify()
  })
  socket.on('close', () => {
    if (!ended && !leftByUs) {
      partial()
      note('the connection was closed')
    }
    ended = true
    notify()
  })
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (!leftByUs) note(`connection error: ${error.code ?? error.message}`)
    notify()
  })

  const transcript = (): TcpTranscript => ({
    entries: [...entries],
    lines: [...lines],
    received: Buffer.concat(chunks),
    lineTimes: [...lineTimes],
    ended,
    tryIt: tryItFor(sent, target),
  })
  const fail = (message: string, expected: string, actual: string, diagnosis: DiagnosisCode | null = null): Conversation => {
    partial()
    return { transcript: transcript(), failure: { message, expected, actual, diagnosis } }
  }

  try {
    const connected = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(`no connection within ${REQUEST_DEADLINE_MS} ms`), REQUEST_DEADLINE_MS)
      socket.once('connect', () => (clearTimeout(timer), resolve(null)))
      socket.once('error', (error: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(error.code ?? error.message)))
      socket.connect({ host: target.host, port: target.port })
    })
    if (connected !== null) {
      const why = connected === 'ECONNREFUSED' ? 'connection refused: the server is not listening (did it stop or crash?)' : connected
      return fail(`could not connect to the program: ${why}`, 'a TCP connection', connected)
    }
    note(`connected to port ${target.displayPort}`)
    const began = performance.now()
    const since = () => Math.round(performance.now() - began)

    for (const step of script.steps) {
      switch (step.kind) {
        case 'send': {
          sentPieces.push(step.pieces)
          for (const [index, piece] of step.pieces.entries()) {
            if (index > 0 && step.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, step.delayMs))
            if (socket.destroyed || !socket.writable) {
              note(`could not send ${index ? 'the rest' : 'more'}: the connection is closed`)
              break
            }
            socket.write(piece)
            sent.push({ atMs: since(), data: piece, answered })
            answered = false
            entries.push({ atMs: at(), kind: 'sent', text: showBytes(piece) })
          }
          break
        }
        case 'pause':
          await new Promise((resolve) => setTimeout(resolve, step.ms))
          break
        case 'expect-line': {
          const deadline = performance.now() + step.timeoutMs
          let found: string | null = null
          for (;;) {
            while (found === null && unread < lines.length) {
              const line = lines[unread++]!
              if (!step.skip?.test(line)) found = line
            }
            if (found !== null || ended || performance.now() >= deadline) break
            await nextEvent(deadline - performance.now())
          }
          if (found === null) {
            const actual = ended ? 'the server ended the connection' : `no line within ${step.timeoutMs} ms`
            const tail = pending.length ? ` (only ${JSON.stringify(pending.toString('utf8'))}, with no line ending)` : ''
            return fail(`expected ${step.line.describe}, but ${actual}${tail}`, step.line.describe, actual + tail)
          }
          const wrong = step.line.test(found)
          if (wrong !== null) {
            const corrupted = found.includes('\uFFFD') && sentPieces.some(cutsACharacter)
            return fail(`expected ${step.line.describe}, but ${wrong}`, step.line.describe, JSON.stringify(found), corrupted ? 'split-multibyte' : null)
          }
          answered = true
          break
        }
        case 'expect-silence': {
          const early = unread < lines.length ? lines[unread]! : pending.length ? pending.toString('utf8') : null
          if (early !== null) return fail(`expected nothing more (${step.why}), but received ${JSON.stringify(early)}`, `nothing for ${step.ms} ms`, JSON.stringify(early))
          const before = bytesIn
          const until = performance.now() + step.ms
          while (performance.now() < until && bytesIn === before && !ended) await nextEvent(until - performance.now())
          if (bytesIn !== before) {
            const arrived = Buffer.concat(chunks).subarray(before).toString('utf8')
            return fail(`expected nothing more (${step.why}), but received ${JSON.stringify(arrived)}`, `nothing for ${step.ms} ms`, JSON.stringify(arrived))
          }
          if (ended) return fail(`expected nothing more (${step.why}), but the server ended the connection`, `nothing for ${step.ms} ms`, 'the server ended the connection')
          break
        }
        case 'expect-end': {
          const deadline = performance.now() + step.timeoutMs
          while (!ended && performance.now() < deadline) await nextEvent(deadline - performance.now())
          if (!ended) return fail(`expected the server to end the connection, but it was still open ${step.timeoutMs} ms later`, 'the server ends the connection', `still open after ${step.timeoutMs} ms`)
          break
        }
        case 'expect-received': {
          const wrong = step.test(transcript())
          if (wrong !== null) return fail(`expected ${step.describe}, but ${wrong}`, step.describe, wrong)
          break
        }
        case 'disconnect': {
          leftByUs = true
          sent.push({ atMs: since(), data: step.how, answered })
          if (step.how === 'reset') {
            note('the client dropped the connection (reset)')
            socket.resetAndDestroy()
          } else {
            note('the client ended the connection')
            socket.end()
          }
          break
        }
      }
    }
    return { transcript: transcript(), failure: null }
  } finally {
    await closeGently(socket, () => (leftByUs = true))
  }
}

/** Ends the client's side and waits briefly for the close, so the server sees a goodbye, not a reset. */
async function closeGently(socket: net.Socket, leaving: () => void): Promise<void> {
  leaving()
  if (socket.destroyed) return
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => (socket.destroy(), resolve()), CLOSE_GRACE_MS)
    socket.once('close', () => (clearTimeout(timer), resolve()))
    socket.end()
  })
}

/** Bytes as readable text: valid UTF-8 as it is, a character cut in two as `\xC3` escapes. */
export function showBytes(bytes: Buffer): string {
  let start = 0
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++
  let end = bytes.length
  // a lead byte near the end whose sequence does not fit in what remains
  for (let i = Math.max(start, bytes.length - 3); i < bytes.length; i++) {
    const byte = bytes[i]!
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    if (size > 1 && i + size > bytes.length) {
      end = i
      break
    }
  }
  const hex = (part: Buffer) => [...part].map((byte) => `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  const middle = JSON.stringify(bytes.subarray(start, end).toString('utf8')).slice(1, -1)
  return `"${hex(bytes.subarray(0, start))}${middle}${hex(bytes.subarray(end))}"`
}
