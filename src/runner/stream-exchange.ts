/**
 * Carries out one streaming exchange (`t.stream`, see src/dsl/streaming.ts) on a connection of
 * its own: the body made piece by piece or sent in timed pieces, the response read whole,
 * slowly, or only in part, each response piece noted with how far the request had got. Never
 * throws and never waits past the request's deadline; holds at most one generated piece (plus
 * what the socket has queued) of a body of any size.
 */
import { createHash } from 'node:crypto'
import http from 'node:http'
import { recordExchange, type ReceivedResponse, type SentRequest } from '../dsl/exchange.ts'
import type { RequestSpec } from '../dsl/request.ts'
import type { Arrival, StreamOptions, StreamedExchange } from '../dsl/streaming.ts'
import { cutPoints, type Target } from '../dsl/send-request.ts'
import { attachClientTrace, ClientTrace } from '../dsl/client-trace.ts'

const DEFAULT_PIECE_BYTES = 1024 * 1024
/** How often a slow reader takes its next bite. */
const SLOW_READ_TICK_MS = 5

export function streamExchange(spec: RequestSpec, options: StreamOptions, target: Target): Promise<StreamedExchange> {
  if (spec.delivery.kind === 'partial') throw new Error('t.stream() does not send partial bodies: use t.send() with .partial()')
  const started = performance.now()
  const generated = options.generatedBody
  const cuts = generated ? [] : cutPoints(spec)
  const pieceBytes = generated?.pieceBytes ?? DEFAULT_PIECE_BYTES
  const headers: Record<string, string> = { ...spec.headers }
  const bodyBytes = generated ? generated.bytes : (spec.body?.length ?? 0)
  if ((generated || spec.body) && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
    headers['Content-Length'] = String(bodyBytes)
  }
  const sent: SentRequest = {
    method: spec.method,
    path: spec.path,
    headers,
    body: generated ? null : spec.body,
    pieces: generated ? Math.max(1, Math.ceil(generated.bytes / pieceBytes)) : cuts.length + 1,
    cuts,
    fromAddress: spec.fromAddress,
    ...(generated ? { generatedBytes: generated.bytes } : {}),
  }
  const read = options.read ?? { kind: 'whole' }

  return new Promise((resolve) => {
    const arrivals: Arrival[] = []
    const chunks: Buffer[] = []
    let received = 0
    let response: ReceivedResponse | null = null
    let piecesSent = 0
    let sentBytes = 0
    let requestFinished = false
    let leftAfterBytes: number | null = null
    let settled = false
    const hash = generated ? createHash('sha256') : null
    const timers = new Set<NodeJS.Timeout>()

    const finish = (error: StreamedExchange['error']) => {
      if (settled) return
      settled = true
      for (const timer of timers) clearTimeout(timer)
      request.destroy()
      if (response) response.body = Buffer.concat(chunks)
      trace.gaveUp(error)
      resolve(
        attachClientTrace(
          recordExchange({
            request: sent,
            response,
            error,
            durationMs: Math.round(performance.now() - started),
            reusedSocket: false,
            target,
            arrivals,
            sentBytes,
            sentSha256: hash && requestFinished ? hash.digest('hex') : null,
            leftAfterBytes,
            }),
          trace,
        ),
      )
    }
    const later = (ms: number, work: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        work()
      }, ms)
      timers.add(timer)
    }

    const request = http.request({ host: target.host, port: target.port, method: spec.method, path: spec.path, headers, agent: false })
    const trace = new ClientTrace(request, spec.method, spec.path)
    later(spec.timeoutMs, () => finish({ code: 'TIMEOUT', message: `no complete response within ${spec.timeoutMs} ms` }))

    const take = (chunk: Buffer) => {
      arrivals.push({ atMs: Math.round(performance.now() - started), bytes: chunk.length, requestPiecesSent: piecesSent, requestFinished })
      chunks.push(chunk)
      received += chunk.length
      if (read.kind === 'leave-after' && received >= read.bytes) {
        leftAfterBytes = received
        finish(null)
      }
    }

    request.on('response', (res) => {
      response = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: Buffer.alloc(0) }
      res.on('end', () => {
        trace.responseEnded(received)
        finish(null)
      })
      res.on('error', (error: NodeJS.ErrnoException) => finish({ code: error.code ?? 'ERROR', message: error.message }))
      res.on('aborted', () => finish({ code: 'ECONNRESET', message: 'the server closed the connection in the middle of the response' }))
      if (read.kind !== 'slowly') {
        res.on('data', take)
        return
      }
      // A slow reader: nothing at first, then small bites, so the server's socket fills up.
      res.pause()
      let allowance = 0
      let last = 0
      const bite = () => {
        if (settled) return
        const now = performance.now()
        allowance = Math.min(allowance + ((now - last) / 1000) * read.bytesPerSecond, read.bytesPerSecond)
        last = now
        let chunk: Buffer | null
        while (allowance > 0 && !settled && (chunk = res.read() as Buffer | null) !== null) {
          allowance -= chunk.length
          take(chunk)
        }
        later(SLOW_READ_TICK_MS, bite)
      }
      later(read.stallMs, () => {
        last = performance.now()
        bite()
      })
    })
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A server may answer before it has read the whole body and close: keep its answer.
      if (response && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return
      finish({ code: error.code ?? 'ERROR', message: error.message })
    })

    const stopped = () => settled || request.destroyed
    const write = async (piece: Buffer) => {
      const ok = request.write(piece)
      if (generated || spec.delivery.kind === 'pieces') trace.piece(piece)
      piecesSent++
      sentBytes += piece.length
      hash?.update(piece)
      if (!ok) await drainedOrClosed(request)
    }

    const send = async () => {
      if (generated) {
        // Seeded bytes with a few to spare: piece k starts k bytes in, so no two pieces are alike.
        const block = seededBytes(pieceBytes + 64, generated.seed)
        for (let at = 0, k = 0; at < generated.bytes; at += pieceBytes, k++) {
          if (stopped()) return
          const size = Math.min(pieceBytes, generated.bytes - at)
          await write(block.subarray(k % 64, (k % 64) + size))
        }
      } else if (spec.body && spec.delivery.kind === 'pieces') {
        const edges = [0, ...cuts, spec.body.length]
        for (let i = 0; i + 1 < edges.length; i++) {
          if (stopped()) return
          await write(spec.body.subarray(edges[i], edges[i + 1]))
          if (i + 2 === edges.length) break
          const hurry = options.hurryOnceAnswered && arrivals.length > 0
          await new Promise<void>((resolve) => (hurry ? setImmediate(resolve) : later(spec.delivery.kind === 'pieces' ? spec.delivery.delayMs : 0, resolve)))
        }
      } else if (spec.body) {
        await write(spec.body)
      }
      if (stopped()) return
      requestFinished = true
      request.end()
      trace.bodySent()
    }
    void send()
  })
}

function drainedOrClosed(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done).off('close', done)
      resolve()
    }
    request.on('drain', done).on('close', done)
  })
}

/** Bytes from a small xorshift generator: the same seed gives the same bytes. */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(length + 3)
  let state = seed >>> 0 || 1
  for (let i = 0; i < length; i += 4) {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    bytes.writeUInt32LE(state, i)
  }
  return bytes.subarray(0, length)
}
