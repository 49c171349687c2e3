/**
 * Sends a request whose body never ends and waits for the answer: how a check proves that a
 * server refuses a body (a zip bomb, say) while it arrives, not after reading all of it. The
 * body announces `declaredLength` bytes, only `body` goes out, and the server cannot know the
 * rest will never come: an answer can only come from what it read so far.
 *
 * The request is not recorded among the program's exchanges: a body the checker never finishes
 * is its own doing, and a server that waits for the rest has not forgotten `res.end()`. The
 * exchange returned is for the report only.
 */
import http from 'node:http'
import { recordExchange, type Exchange, type ReceivedResponse, type SentRequest } from './exchange.ts'

export type UnfinishedBody = {
  method: string
  path: string
  headers: Record<string, string>
  /** What is sent of the body: the beginning of something longer. */
  body: Buffer
  /** The Content-Length announced: more than `body` holds. */
  declaredLength: number
  /** How long to wait for an answer once the bytes are out. */
  timeoutMs: number
}

export type EarlyAnswer = {
  /** Whether a whole response came back before the deadline. */
  answered: boolean
  exchange: Exchange
}

const PIECE_BYTES = 64 * 1024

export function sendWithoutEnd(target: { host: string; port: number }, spec: UnfinishedBody): Promise<EarlyAnswer> {
  const started = performance.now()
  const headers = { ...spec.headers, 'Content-Length': String(spec.declaredLength) }
  const cuts: number[] = []
  for (let at = PIECE_BYTES; at < spec.body.length; at += PIECE_BYTES) cuts.push(at)
  const sent: SentRequest = { method: spec.method, path: spec.path, headers, body: spec.body, pieces: cuts.length + 1, cuts, fromAddress: null }

  return new Promise((resolve) => {
    let response: ReceivedResponse | null = null
    let settled = false
    const finish = (answered: boolean, error: Exchange['error']) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      request.destroy()
      resolve({
        answered,
        exchange: recordExchange({
          request: sent,
          response,
          error,
          durationMs: Math.round(performance.now() - started),
          reusedSocket: false,
          target: { host: target.host, port: target.port, displayPort: 3000 },
        }),
      })
    }
    const request = http.request({ host: target.host, port: target.port, method: spec.method, path: spec.path, headers, agent: false })
    const deadline = setTimeout(
      () => finish(false, { code: 'TIMEOUT', message: `no answer within ${spec.timeoutMs} ms while the body was still unfinished (${spec.body.length} of ${spec.declaredLength} bytes sent)` }),
      spec.timeoutMs,
    )
    request.on('response', (res) => {
      const chunks: Buffer[] = []
      response = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: Buffer.alloc(0) }
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        response!.body = Buffer.concat(chunks)
        finish(true, null)
      })
      res.on('error', () => {})
      res.on('aborted', () => {
        response!.body = Buffer.concat(chunks)
        finish(false, { code: 'ECONNRESET', message: 'the server closed the connection in the middle of its answer' })
      })
    })
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A server that answers early may close while bytes are still on their way: its answer stands.
      if (response && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return
      finish(false, { code: error.code ?? 'ERROR', message: error.message })
    })
    void (async () => {
      for (let at = 0; at < spec.body.length && !settled; at += PIECE_BYTES) {
        if (!request.write(spec.body.subarray(at, at + PIECE_BYTES))) {
          await new Promise<void>((done) => {
            const go = () => (request.off('drain', go).off('close', go), done())
            request.on('drain', go).on('close', go)
          })
        }
      }
      // and never end(): the rest of the body is announced, and never comes
    })()
  })
}
