/**
 * Reading a response as a browser does: the content codings its `Content-Encoding` lists, the
 * body decoded through them (with a ceiling, so that a server cannot bomb the checker), and
 * expectations on both for lessons on compression: which coding came back, whether the decoded
 * body is a given file byte for byte, `Vary`, and a `Content-Length` that tells the truth.
 */
import http from 'node:http'
import type { Transform } from 'node:stream'
import zlib from 'node:zlib'
import type { HttpCheckContext } from './define.ts'
import { headerValue, recordExchange, type Exchange, type ReceivedResponse, type SentRequest } from './exchange.ts'
import type { Expectation } from './expectations.ts'
import { CheckFailure } from './failure.ts'
import type { RequestCheck } from './request.ts'

/**
 * The codings a response's `Content-Encoding` lists, lower case, in the order they were applied
 * (RFC 9110 §8.4); `x-gzip` counts as `gzip` (§8.4.1.3), and `identity` (no coding) is left out.
 */
export function contentCodings(response: ReceivedResponse): string[] {
  const value = headerValue(response, 'content-encoding') ?? ''
  return value
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .map((coding) => (coding === 'x-gzip' ? 'gzip' : coding))
}

export type Decoded = { ok: true; bytes: Buffer } | { ok: false; problem: string }

/** The body with every listed coding undone, the last applied first; at most `maxBytes` of it. */
export function decodeBody(response: ReceivedResponse, maxBytes: number): Decoded {
  let bytes = response.body
  for (const coding of contentCodings(response).reverse()) {
    const options = { maxOutputLength: Math.max(1, maxBytes) }
    try {
      if (coding === 'gzip') bytes = zlib.gunzipSync(bytes, options)
      else if (coding === 'br') bytes = zlib.brotliDecompressSync(bytes, options)
      else if (coding === 'deflate') bytes = inflateEitherWay(bytes, options)
      else return { ok: false, problem: `"${coding}" is not a content coding a browser can decode (gzip, br, deflate)` }
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException
      if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, problem: `it decodes to more than ${maxBytes} bytes` }
      return { ok: false, problem: `it is not valid ${coding} (${message})` }
    }
  }
  return { ok: true, bytes }
}

/** "deflate" means the zlib format (RFC 9110 §8.4.1.2), but some servers send raw deflate: browsers read both. */
function inflateEitherWay(bytes: Buffer, options: zlib.ZlibOptions): Buffer {
  try {
    return zlib.inflateSync(bytes, options)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error
    return zlib.inflateRawSync(bytes, options)
  }
}

/** The request's Accept-Encoding, as the messages quote it. */
function askedFor(exchange: Exchange): string {
  const entry = Object.entries(exchange.request.headers).find(([name]) => name.toLowerCase() === 'accept-encoding')
  return entry ? `Accept-Encoding: ${entry[1]}` : 'no Accept-Encoding'
}

const describeCodings = (codings: string[]) => (codings.length ? `Content-Encoding: ${codings.join(', ')}` : 'no Content-Encoding (the body as it is)')

/** The response is in `coding` (`identity`: no `Content-Encoding` at all). */
export function expectCoding(coding: string): Expectation {
  const wanted = coding === 'identity' ? [] : [coding]
  const expected = describeCodings(wanted)
  return {
    kind: 'content-coding',
    describe: expected,
    evaluate: (response, exchange) => {
      const actual = contentCodings(response)
      if (actual.join(',') === wanted.join(',')) return null
      const why = coding === 'identity' ? 'nothing the client accepts can be used here' : `that is the coding ${askedFor(exchange)} prefers`
      return {
        message: `with ${askedFor(exchange)}, expected ${expected} (${why}), got ${describeCodings(actual)}`,
        expected,
        actual: describeCodings(actual),
      }
    },
  }
}

/** The body, once its `Content-Encoding` is undone, is `bytes`, byte for byte. */
export function expectDecodedBody(bytes: Buffer, label: string): Expectation {
  return {
    kind: 'decoded-body',
    describe: `a body that decodes to ${label} (${bytes.length} bytes)`,
    evaluate: (response) => {
      const codings = contentCodings(response)
      const decoded = decodeBody(response, bytes.length + 1)
      if (!decoded.ok) {
        return {
          message: `${describeCodings(codings)}, but the body does not decode: ${decoded.problem}. Set the header and pipe the file through the matching zlib stream together`,
          expected: `${label} once decoded`,
          actual: `${response.body.length} bytes that ${decoded.problem}`,
        }
      }
      const difference = firstDifference(decoded.bytes, bytes)
      if (difference === null) return null
      const what = codings.length ? `decoded (${codings.join(', ')})` : 'as sent'
      return {
        message: `the body ${what} is not ${label}: ${decoded.bytes.length} bytes instead of ${bytes.length}, first different at byte ${difference}`,
        expected: `${label} (${bytes.length} bytes)`,
        actual: `${decoded.bytes.length} bytes, different from byte ${difference} on`,
      }
    },
  }
}

function firstDifference(a: Buffer, b: Buffer): number | null {
  const shorter = Math.min(a.length, b.length)
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return i
  return a.length === b.length ? null : shorter
}

/** `Vary` lists `Accept-Encoding` (any case, among other names). */
export function expectVaryOnAcceptEncoding(): Expectation {
  return {
    kind: 'vary',
    describe: 'Vary: Accept-Encoding',
    evaluate: (response, exchange) => {
      const vary = headerValue(response, 'vary')
      const names = (vary ?? '').split(',').map((name) => name.trim().toLowerCase())
      if (names.includes('accept-encoding')) return null
      const coded = contentCodings(response)
      const sentAs = coded.length ? `sent as ${coded.join(', ')}` : 'sent uncompressed'
      return {
        message:
          `the answer to ${exchange.request.method} ${exchange.request.path} with ${askedFor(exchange)} (${sentAs}) has no Vary: Accept-Encoding: ` +
          `a cache between you and your clients would keep this copy and hand it to clients that asked with other Accept-Encoding values. Set it on every answer whose form could depend on that header, compressed or not`,
        expected: 'Vary: Accept-Encoding',
        actual: vary === undefined ? 'no Vary header' : `Vary: ${vary}`,
      }
    },
  }
}

/** A `Content-Length`, when there is one, counts the bytes sent (the compressed ones when compressed). */
export function expectTruthfulLength(): Expectation {
  return {
    kind: 'truthful-length',
    describe: 'no Content-Length, or the length of the body as sent',
    evaluate: (response) => {
      const declared = headerValue(response, 'content-length')
      if (declared === undefined || Number(declared) === response.body.length) return null
      return {
        message: `Content-Length says ${declared}, but the body sent is ${response.body.length} bytes`,
        expected: `Content-Length: ${response.body.length}, or none`,
        actual: `Content-Length: ${declared}`,
      }
    },
  }
}

/** `Content-Length` is present and is `bytes`: the plain file's size. */
export function expectLength(bytes: number, label: string): Expectation {
  return {
    kind: 'content-length',
    describe: `Content-Length: ${bytes}`,
    evaluate: (response) => {
      const declared = headerValue(response, 'content-length')
      if (declared !== undefined && Number(declared) === bytes) return null
      return {
        message:
          declared === undefined
            ? `an uncompressed ${label} should carry its Content-Length (${bytes}, from fs.stat): the client then knows the size up front, and shows progress`
            : `Content-Length says ${declared}, but ${label} is ${bytes} bytes`,
        expected: `Content-Length: ${bytes}`,
        actual: declared === undefined ? 'no Content-Length (sent chunked)' : `Content-Length: ${declared}`,
      }
    },
  }
}

/**
 * When a body stopped short of its Content-Length (the client then waits for bytes that never
 * come), what happened: most often a length set for the file, on a body compression made shorter.
 */
function cutShort(exchange: Exchange): string | null {
  const response = exchange.response
  if (!response || !exchange.error) return null
  const declared = Number(headerValue(response, 'content-length'))
  if (!(declared > response.body.length)) return null
  const codings = contentCodings(response)
  const hint = codings.length
    ? `. A Content-Length set to the file's size does not fit a ${codings.join(', ')} body, which is shorter: leave it out when you compress (Node then sends the body chunked), or set it to the compressed size`
    : ''
  return `Content-Length says ${declared} bytes, but only ${response.body.length} came (${describeCodings(codings)}), so a client waits for the rest, then drops the response as cut short${hint}`
}

/** Sends the request as `t.send` does; a body cut short of its Content-Length fails with what happened. */
export async function sendEncoded(t: HttpCheckContext, request: RequestCheck): Promise<Exchange> {
  try {
    return await t.send(request)
  } catch (error) {
    const exchange = error instanceof CheckFailure ? error.details.exchange : undefined
    const message = exchange ? cutShort(exchange) : null
    if (!exchange || !message) throw error
    throw new CheckFailure(message, { expected: 'the whole body, or no Content-Length', actual: `${exchange.response!.body.length} bytes, then nothing`, exchange })
  }
}

export type EncodedRead = {
  /** The exchange as far as it went: the response's body holds the encoded bytes received. */
  exchange: Exchange
  /** The decoded bytes: all of them, or at least `upTo` when the read stopped early. */
  decoded: Buffer
  /** Whether the body ended (rather than the checker hanging up, or giving up). */
  ended: boolean
  /** Why the body could not be decoded, if it could not. */
  problem: string | null
}

/**
 * Sends `request` (a GET) on a connection of its own and decodes the body as it arrives, through
 * the codings its Content-Encoding lists, as a browser does. With `upTo`, hangs up once that
 * many decoded bytes are in: enough to know which coding came back and that it is the right
 * content, without making the server compress a whole file. Not recorded among the program's
 * exchanges (a hang-up, or a wait given up, is the checker's doing); the exchange it returns is
 * for the report. Never throws; gives up after the request's timeout.
 */
export function readEncoded(target: { host: string; port: number }, request: RequestCheck, options: { upTo?: number } = {}): Promise<EncodedRead> {
  const { spec } = request
  const upTo = options.upTo ?? Infinity
  const started = performance.now()
  const sent: SentRequest = { method: spec.method, path: spec.path, headers: spec.headers, body: null, pieces: 1, cuts: [], fromAddress: null }
  return new Promise((resolve) => {
    let response: ReceivedResponse | null = null
    const raw: Buffer[] = []
    const decoded: Buffer[] = []
    const decoders: Transform[] = []
    let decodedBytes = 0
    let settled = false
    const finish = (outcome: { ended: boolean; problem: string | null; error: Exchange['error'] }) => {
      if (settled) return
      settled = true
      clearTimeout(deadline)
      req.destroy()
      for (const decoder of decoders) decoder.destroy()
      if (response) response.body = Buffer.concat(raw)
      resolve({
        exchange: recordExchange({ request: sent, response, error: outcome.error, durationMs: Math.round(performance.now() - started), reusedSocket: false, target: { ...target, displayPort: 3000 } }),
        decoded: Buffer.concat(decoded),
        ended: outcome.ended,
        problem: outcome.problem,
      })
    }
    const req = http.request({ host: target.host, port: target.port, method: spec.method, path: spec.path, headers: spec.headers, agent: false })
    const deadline = setTimeout(() => {
      const message = response ? `the body did not end within ${spec.timeoutMs} ms` : `no answer within ${spec.timeoutMs} ms`
      finish({ ended: false, problem: null, error: { code: 'TIMEOUT', message } })
    }, spec.timeoutMs)
    req.on('error', (error: NodeJS.ErrnoException) => finish({ ended: false, problem: null, error: { code: error.code ?? 'ERROR', message: error.message } }))
    req.on('response', (res) => {
      const received: ReceivedResponse = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body: Buffer.alloc(0) }
      response = received
      const codings = contentCodings(received)
      // The decoders, the last coding applied first, each one's output feeding the next.
      for (const coding of [...codings].reverse()) {
        const decoder = decoderFor(coding)
        if (!decoder) return finish({ ended: false, problem: `"${coding}" is not a content coding a browser can decode (gzip, br, deflate)`, error: null })
        decoders.push(decoder)
      }
      const take = (chunk: Buffer) => {
        decoded.push(chunk)
        decodedBytes += chunk.length
        if (decodedBytes >= upTo) finish({ ended: false, problem: null, error: null })
      }
      for (const [index, decoder] of decoders.entries()) {
        decoder.on('error', (error: Error) => finish({ ended: false, problem: `it is not valid ${codings.join(', ')} (${error.message})`, error: null }))
        const next = decoders[index + 1]
        if (next) decoder.pipe(next)
        else decoder.on('data', take).on('end', () => finish({ ended: true, problem: null, error: null }))
      }
      const first = decoders[0]
      res.on('data', (chunk: Buffer) => {
        raw.push(chunk)
        if (first) first.write(chunk)
        else take(chunk)
      })
      res.on('end', () => (first ? first.end() : finish({ ended: true, problem: null, error: null })))
      res.on('aborted', () => finish({ ended: false, problem: null, error: { code: 'ECONNRESET', message: 'the server closed the connection in the middle of the response' } }))
      res.on('error', () => {})
    })
    req.end()
  })
}

function decoderFor(coding: string): Transform | null {
  if (coding === 'gzip') return zlib.createGunzip()
  if (coding === 'br') return zlib.createBrotliDecompress()
  if (coding === 'deflate') return zlib.createInflate()
  return null
}

/** Expectations that need the whole body, skipped when the read stopped early. */
const WHOLE_BODY_KINDS = new Set(['decoded-body', 'truthful-length', 'body', 'body-bytes', 'body-includes', 'json', 'exact-json', 'empty-body', 'satisfies'])

/**
 * `readEncoded`, then judged: the request's expectations on status and headers, the body's
 * decoding, then (read whole) the expectations on the body, or (read in part, `upTo`) the
 * decoded start against the start of `file`. Fails as `t.send` does, with the exchange;
 * `slowAnswer` is added to the message when no answer came in time (what usually makes it slow).
 */
export async function expectEncoded(
  t: HttpCheckContext,
  request: RequestCheck,
  file: Buffer,
  label: string,
  options: { upTo?: number; slowAnswer?: string } = {},
): Promise<EncodedRead> {
  const read = await readEncoded(t, request, options.upTo === undefined ? {} : { upTo: options.upTo })
  const { exchange, decoded } = read
  const response = exchange.response
  const what = `${request.spec.method} ${request.spec.path} with ${askedFor(exchange)}`
  if (!response) {
    const slow = exchange.error?.code === 'TIMEOUT' && options.slowAnswer ? `. ${options.slowAnswer}` : ''
    t.fail(`${what}: ${exchange.error?.message ?? 'no response'}${slow}`, { expected: 'a response', actual: exchange.error?.message ?? 'no response', exchange })
  }
  const whole = options.upTo === undefined
  const judge = (wholeBody: boolean) => {
    for (const expectation of request.expectations) {
      if (WHOLE_BODY_KINDS.has(expectation.kind) !== wholeBody) continue
      const mismatch = expectation.evaluate(response, exchange, { folder: t.exerciseDir })
      if (mismatch) t.fail(mismatch.message, { expected: mismatch.expected, actual: mismatch.actual, exchange, ...(mismatch.diagnosis ? { diagnosis: mismatch.diagnosis } : {}) })
    }
  }
  judge(false)
  const codings = contentCodings(response)
  if (exchange.error) {
    const message = cutShort(exchange) ?? `${what}: the body stopped after ${response.body.length} bytes (${decoded.length} once decoded): ${exchange.error.message}`
    t.fail(message, { expected: label, actual: `${response.body.length} bytes, then nothing`, exchange })
  }
  if (read.problem) {
    t.fail(`${describeCodings(codings)}, but the body does not decode: ${read.problem}. Set the header and pipe the file through the matching zlib stream together`, {
      expected: `${label} once decoded`,
      actual: read.problem,
      exchange,
    })
  }
  if (whole) judge(true)
  const difference = firstDifference(decoded, file.subarray(0, read.ended ? file.length : decoded.length))
  if (difference !== null) {
    const how = codings.length ? `decoded (${codings.join(', ')})` : 'as sent'
    t.fail(`the body ${how} is not ${label}: ${read.ended ? `${decoded.length} bytes instead of ${file.length}, ` : ''}first different at byte ${difference}`, {
      expected: `${label}, byte for byte`,
      actual: `${decoded.length} bytes${read.ended ? ' in all' : ' read'}, different from byte ${difference} on`,
      exchange,
    })
  }
  return read
}
