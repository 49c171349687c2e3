/** Turns a recorded exchange into the plain data a report shows, and the `curl` line to retry it. */
import type { Exchange } from '../dsl/exchange.ts'
import type { ExchangeReport } from './results.ts'

const PREVIEW_CHARS = 1500

export function reportExchange(exchange: Exchange): ExchangeReport {
  const { request, response, error } = exchange
  return {
    request: {
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body ? preview(request.body) : null,
      bodyBytes: request.body?.length ?? 0,
      pieces: request.pieces,
    },
    response: response
      ? {
          status: response.status,
          statusMessage: response.statusMessage,
          headers: Object.fromEntries(Object.entries(response.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]]))),
          body: preview(response.body),
          bodyBytes: response.body.length,
        }
      : null,
    error: error?.message ?? null,
    durationMs: exchange.durationMs,
  }
}

function preview(bytes: Buffer): string {
  const text = bytes.toString('utf8')
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 512))) return `<${bytes.length} bytes of binary data>`
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}… (${bytes.length} bytes in all)` : text
}

/** A `curl` command that sends the same request to the learner's own server, on their own port. */
export function curlFor(exchange: Exchange): string {
  const { request, target } = exchange
  const parts = ['curl', '-i']
  if (request.method === 'HEAD') parts.push('-I')
  else if (request.method !== 'GET' || request.body) parts.push('-X', request.method)
  parts.push(quote(`http://localhost:${target.displayPort}${request.path}`))
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === 'content-length') continue
    parts.push('-H', quote(`${name}: ${value}`))
  }
  if (request.body) {
    parts.push(request.body.length > 2000 ? `--data-binary @body-of-${request.body.length}-bytes.txt` : `--data-binary ${quote(request.body.toString('utf8'))}`)
  }
  if (request.fromAddress) parts.push('--interface', request.fromAddress)
  return parts.join(' ')
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
