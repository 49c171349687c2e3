/** One HTTP request sent by a check and what came back: the record every failure shows. */
export type SentRequest = {
  method: string
  /** Path and query as sent, e.g. `/users?page=2`. */
  path: string
  headers: Record<string, string>
  body: Buffer | null
  /** How many pieces the body was sent in (1 when sent at once). */
  pieces: number
  /** Where the body was cut between pieces (byte offsets), to tell a split character. */
  cuts: number[]
  fromAddress: string | null
  /** A body the checks made as they sent it (`body` is then null): its size in bytes. */
  generatedBytes?: number
}

export type ReceivedResponse = {
  status: number
  statusMessage: string
  /** Header names in lower case; repeated headers joined as Node joins them. */
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export type Exchange = {
  request: SentRequest
  response: ReceivedResponse | null
  /** `TIMEOUT`, `ECONNREFUSED`, `ECONNRESET`, … when no (complete) response came. */
  error: { code: string; message: string } | null
  durationMs: number
  reusedSocket: boolean
  /** Where the server was: for the `curl` line. */
  target: { host: string; port: number; displayPort: number }
  /**
   * The response body parsed as JSON, read when asked for; undefined when no response came or its
   * body is not JSON. A check reads `exchange.body as { id: number }` instead of parsing by hand.
   */
  readonly body: unknown
}

/** An exchange record with its parsed `body` (a getter, so reports and copies of the record leave it out). */
export function recordExchange<T extends Omit<Exchange, 'body'>>(fields: T): T & Pick<Exchange, 'body'> {
  return Object.defineProperty(fields, 'body', { get: () => jsonOf(fields.response), enumerable: false }) as T & Pick<Exchange, 'body'>
}

function jsonOf(response: ReceivedResponse | null): unknown {
  if (!response || response.body.length === 0) return undefined
  try {
    return JSON.parse(bodyText(response))
  } catch {
    return undefined
  }
}

export const bodyText = (response: ReceivedResponse) => response.body.toString('utf8')

export function headerValue(response: ReceivedResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(', ') : value
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(response: ReceivedResponse): string | undefined {
  return headerValue(response, 'content-type')?.split(';')[0]?.trim().toLowerCase()
}

/** An exchange as one line of JSON can carry it (bodies in base64): from a module check's process to the runner. */
export type WireExchange = Omit<Exchange, 'body' | 'request' | 'response'> & {
  request: Omit<SentRequest, 'body'> & { body: string | null }
  response: (Omit<ReceivedResponse, 'body'> & { body: string }) | null
}

export function toWire(exchange: Exchange): WireExchange {
  const { request, response, error, durationMs, reusedSocket, target } = exchange
  return {
    request: { ...request, body: request.body?.toString('base64') ?? null },
    response: response ? { ...response, body: response.body.toString('base64') } : null,
    error,
    durationMs,
    reusedSocket,
    target,
  }
}

export function fromWire(wire: WireExchange): Exchange {
  const { request, response, ...rest } = wire
  return recordExchange({
    ...rest,
    request: { ...request, body: request.body === null ? null : Buffer.from(request.body, 'base64') },
    response: response ? { ...response, body: Buffer.from(response.body, 'base64') } : null,
  })
}
