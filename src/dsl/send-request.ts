/**
 * Sends one request the way a check describes it (at once, in slow pieces, or partly) and
 * records the whole exchange. Never throws and never waits past the request's deadline.
 */
import http from 'node:http'
import { recordExchange, type Exchange, type ReceivedResponse, type SentRequest } from './exchange.ts'
import type { RequestSpec } from './request.ts'
import { attachClientTrace, ClientTrace } from './client-trace.ts'

export type Target = { host: string; port: number; displayPort: number }

/**
 * `unanswerable`, when given, resolves with a reason once the program can be seen never to
 * finish this response (see idle-reports.ts): the exchange then ends at once with error STALLED
 * rather than at its deadline.
 */
export function sendRequest(spec: RequestSpec, target: Target, agent: http.Agent | false, unanswerable?: Promise<string | null>): Promise<Exchange> {
  const started = performance.now()
  const cuts = cutPoints(spec)
  const headers: Record<string, string> = { ...spec.headers }
  const hasHeader = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name)
  if (spec.body && !hasHeader('content-length')) {
    headers['Content-Length'] = String(spec.delivery.kind === 'partial' ? spec.delivery.declaredLength : spec.body.length)
  }
  const sent: SentRequest = {
    method: spec.method,
    path: spec.path,
    headers,
    body: spec.body,
    pieces: cuts.length + 1,
    cuts,
    fromAddress: spec.fromAddress,
  }

  return new Promise((resolve) => {
    let response: ReceivedResponse | null = null
    let responseEnded = false
    let settled = false
    const finish = (error: Exchange['error']) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      request.destroy()
      trace.gaveUp(error)
      resolve(
        attachClientTrace(
          recordExchange({
            request: sent,
            response,
            error,
            durationMs: Math.round(performance.now() - started),
            reusedSocket: request.reusedSocket,
            target,
          }),
          trace,
        ),
      )
    }
    const useAgent = spec.freshConnection || spec.fromAddress ? false : agent
    const request = http.request({
      host: target.host,
      port: target.port,
      method: spec.method,
      path: spec.path,
      headers,
      agent: useAgent,
      ...(spec.fromAddress ? { localAddress: spec.fromAddress } : {}),
    })
    const trace = new ClientTrace(request, spec.method, spec.path)
    const deadline = setTimeout(
      () => finish(responseEnded ? null : { code: 'TIMEOUT', message: `no complete response within ${spec.timeoutMs} ms` }),
      spec.timeoutMs,
    )

    void unanswerable?.then((reason) => reason && !responseEnded && finish({ code: 'STALLED', message: reason }))

    request.on('response', (res) => {
      const chunks: Buffer[] = []
      response = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: Buffer.alloc(0) }
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        response!.body = Buffer.concat(chunks)
      })
      res.on('end', () => {
        responseEnded = true
        trace.responseEnded(response!.body.length)
        // An answer that came before the body was all sent: send the rest all the same, as a
        // client would, so that what the handler does once the body is in is seen too.
        if (spec.delivery.kind === 'pieces') void bodySent.then(() => finish(null))
        else finish(null)
      })
      // Once the response is whole, nothing that happens while the rest of the body goes out undoes it.
      res.on('error', (error: NodeJS.ErrnoException) => responseEnded || finish({ code: error.code ?? 'ERROR', message: error.message }))
      res.on('aborted', () => responseEnded || finish({ code: 'ECONNRESET', message: 'the server closed the connection in the middle of the response' }))
    })
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A server may answer early (413) and close while we are still sending: keep its answer.
      if (response && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return
      finish({ code: error.code ?? 'ERROR', message: error.message })
    })

    const bodySent = writeBody(request, spec, cuts, () => settled, trace)
  })
}

async function writeBody(request: http.ClientRequest, spec: RequestSpec, cuts: number[], stopped: () => boolean, trace: ClientTrace) {
  const body = spec.body
  if (!body) return request.end()
  const { delivery } = spec
  if (delivery.kind === 'at-once') return request.end(body)
  const edges = [0, ...cuts, body.length]
  const delayMs = delivery.kind === 'pieces' ? delivery.delayMs : 0
  for (let i = 0; i + 1 < edges.length; i++) {
    if (stopped() || request.destroyed) return
    const piece = body.subarray(edges[i], edges[i + 1])
    const ok = request.write(piece)
    trace.piece(piece)
    if (delayMs > 0) await pause(delayMs)
    else if (!ok) await drainedOrClosed(request)
  }
  if (delivery.kind === 'pieces') {
    request.end()
    trace.bodySent()
  }
  // a partial body is never finished: the check is whether the server answers anyway
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function drainedOrClosed(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done).off('close', done)
      resolve()
    }
    request.on('drain', done).on('close', done)
  })
}

/** Byte offsets where the body is cut into pieces; inside multi-byte characters when asked. */
export function cutPoints(spec: RequestSpec): number[] {
  const body = spec.body
  const delivery = spec.delivery
  if (!body || delivery.kind === 'at-once') return []
  if (delivery.kind === 'partial') {
    const cuts: number[] = []
    for (let at = delivery.pieceBytes; at < Math.min(delivery.sendBytes, body.length); at += delivery.pieceBytes) cuts.push(at)
    return cuts
  }
  const cuts = new Set<number>()
  if (delivery.splitCharacters) {
    // the second byte of each multi-byte character: a decoder that works piece by piece breaks there
    for (let i = 0; i < body.length; i++) if (body[i]! >= 0xc0) cuts.add(i + 1)
  }
  const step = Math.max(1, Math.floor(body.length / delivery.pieces))
  for (let at = step; at < body.length && cuts.size < delivery.pieces - 1; at += step) cuts.add(at)
  return [...cuts].filter((at) => at > 0 && at < body.length).sort((a, b) => a - b)
}

/** Whether a cut falls inside a multi-byte UTF-8 character. */
export function splitsACharacter(request: SentRequest): boolean {
  return request.body !== null && request.cuts.some((at) => (request.body![at]! & 0xc0) === 0x80)
}
