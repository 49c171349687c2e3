/**
 * A request as data, with its expectations: `get('/products').expectStatus(200).expectJson([...])`.
 * Immutable: every method returns a new builder. Used directly as a check, or sent from a flow
 * with `t.send(...)`.
 */
import * as expect from './expectations.ts'
import type { Expectation } from './expectations.ts'
import type { Exchange, ReceivedResponse } from './exchange.ts'
import type { DiagnosisCode } from './diagnosis-codes.ts'

/** How the body travels: at once, in slow pieces, or only partly (the client never finishes). */
export type Delivery =
  | { kind: 'at-once' }
  | { kind: 'pieces'; pieces: number; delayMs: number; splitCharacters: boolean }
  | { kind: 'partial'; sendBytes: number; declaredLength: number; pieceBytes: number }

/** How `.slowly()` sends a body: how many pieces, how far apart, whether cuts may fall inside a character. */
export type SlowDelivery = { pieces?: number; delayMs?: number; splitCharacters?: boolean }

export type RequestSpec = {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer | null
  delivery: Delivery
  timeoutMs: number
  /** Local address to send from (`127.0.0.2`), for per-client behaviour. */
  fromAddress: string | null
  /** A new TCP connection closed after the response, instead of the shared kept-alive one. */
  freshConnection: boolean
}

export const DEFAULT_TIMEOUT_MS = 2000

type Meta = { id?: string; title?: string; points: number }

export class RequestCheck {
  readonly kind = 'request' as const
  readonly spec: RequestSpec
  readonly expectations: readonly Expectation[]
  readonly meta: Meta

  constructor(spec: RequestSpec, expectations: readonly Expectation[] = [], meta: Meta = { points: 1 }) {
    this.spec = spec
    this.expectations = expectations
    this.meta = meta
  }

  // ── the request ──
  header(name: string, value: string) {
    return this.withSpec({ headers: { ...this.spec.headers, [name]: value } })
  }
  headers(headers: Record<string, string>) {
    return this.withSpec({ headers: { ...this.spec.headers, ...headers } })
  }
  text(text: string, contentType = 'text/plain') {
    return this.withBody(Buffer.from(text), contentType)
  }
  json(value: unknown, contentType = 'application/json') {
    return this.withBody(Buffer.from(JSON.stringify(value)), contentType)
  }
  form(fields: Record<string, string>) {
    return this.withBody(Buffer.from(new URLSearchParams(fields).toString()), 'application/x-www-form-urlencoded')
  }
  /** A raw body; `contentType` null sends none. */
  bytes(body: Buffer | string, contentType: string | null) {
    return this.withBody(Buffer.from(body), contentType)
  }
  /**
   * Sends the body in `pieces` (8), `delayMs` (5) apart, cutting through multi-byte characters
   * where it can unless `splitCharacters` is false.
   */
  slowly({ pieces = 8, delayMs = 5, splitCharacters = true }: SlowDelivery = {}) {
    return this.withSpec({ delivery: { kind: 'pieces', pieces, delayMs, splitCharacters } })
  }
  /** Declares `declaredLength` bytes but sends only `sendBytes`, then waits for an answer. */
  partial(sendBytes: number, declaredLength: number, pieceBytes = 64 * 1024) {
    return this.withSpec({ delivery: { kind: 'partial', sendBytes, declaredLength, pieceBytes } })
  }
  timeout(ms: number) {
    return this.withSpec({ timeoutMs: ms })
  }
  from(address: string) {
    return this.withSpec({ fromAddress: address, freshConnection: true })
  }
  freshConnection() {
    return this.withSpec({ freshConnection: true })
  }

  // ── what must come back ──
  expectStatus(...codes: number[]) {
    return this.expecting(expect.status(...codes))
  }
  expectHeader(name: string, value: string | RegExp) {
    return this.expecting(expect.header(name, value))
  }
  expectHeaderPresent(name: string) {
    return this.expecting(expect.headerPresent(name))
  }
  expectHeaderAbsent(name: string) {
    return this.expecting(expect.headerAbsent(name))
  }
  expectHeaderList(name: string, items: string[]) {
    return this.expecting(expect.headerList(name, items))
  }
  expectContentType(...types: string[]) {
    return this.expecting(expect.contentType(...types))
  }
  expectBody(text: string) {
    return this.expecting(expect.body(text))
  }
  expectBodyIncludes(text: string) {
    return this.expecting(expect.bodyIncludes(text))
  }
  expectEmptyBody() {
    return this.expecting(expect.emptyBody())
  }
  expectBodyBytes(bytes: Buffer, label: string) {
    return this.expecting(expect.bodyBytes(bytes, label))
  }
  /**
   * The bytes of a file in the program's folder (`'public/style.css'`), read from the folder the
   * program runs in (the learner's exercise folder) when the response is judged.
   */
  expectBodyFile(path: string) {
    return this.expecting(expect.bodyFile(path))
  }
  /** Exactly this text; also expects `Content-Type: text/plain` (a charset allowed). */
  expectText(text: string) {
    return this.expecting(expect.contentType('text/plain'), expect.body(text))
  }
  /** JSON as a value, extra keys allowed; also expects `Content-Type: application/json`. */
  expectJson(value: unknown) {
    return this.expecting(expect.contentType('application/json'), expect.json(value))
  }
  /** JSON as a value with no extra keys; also expects `Content-Type: application/json`. */
  expectExactJson(value: unknown) {
    return this.expecting(expect.contentType('application/json'), expect.json(value, true))
  }
  /** Anything else: `test` returns null when fine, or what is wrong; a wrong answer may name its `diagnosis`. */
  expectThat(describe: string, test: (response: ReceivedResponse, exchange: Exchange) => string | null, diagnosis?: DiagnosisCode) {
    return this.expecting(expect.satisfy(describe, test, diagnosis))
  }
  expecting(...more: Expectation[]) {
    return new RequestCheck(this.spec, [...this.expectations, ...more], this.meta)
  }

  // ── as a check ──
  id(id: string) {
    return new RequestCheck(this.spec, this.expectations, { ...this.meta, id })
  }
  title(title: string) {
    return new RequestCheck(this.spec, this.expectations, { ...this.meta, title })
  }
  points(points: number) {
    return new RequestCheck(this.spec, this.expectations, { ...this.meta, points })
  }

  private withSpec(patch: Partial<RequestSpec>) {
    return new RequestCheck({ ...this.spec, ...patch }, this.expectations, this.meta)
  }
  private withBody(body: Buffer, contentType: string | null) {
    const headers = Object.fromEntries(Object.entries(this.spec.headers).filter(([name]) => name.toLowerCase() !== 'content-type'))
    return this.withSpec({ body, headers: contentType === null ? headers : { ...headers, 'Content-Type': contentType } })
  }
}

export function request(method: string, path: string): RequestCheck {
  return new RequestCheck({
    method: method.toUpperCase(),
    path,
    headers: {},
    body: null,
    delivery: { kind: 'at-once' },
    timeoutMs: DEFAULT_TIMEOUT_MS,
    fromAddress: null,
    freshConnection: false,
  })
}

export const get = (path: string) => request('GET', path)
export const head = (path: string) => request('HEAD', path)
export const post = (path: string) => request('POST', path)
export const put = (path: string) => request('PUT', path)
export const patch = (path: string) => request('PATCH', path)
export const del = (path: string) => request('DELETE', path)
export const options = (path: string) => request('OPTIONS', path)
