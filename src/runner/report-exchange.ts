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
      bodyBytes: request.body?.length ?? request.generatedBytes ?? 0,
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

/**
 * A `curl` command that sends the same request to the learner's own server, on their own port.
 * A body the checks sent in pieces (to split characters, to show only the first chunk is read)
 * is sent in pieces too, by a line of Node: curl sends it whole, which hides those mistakes.
 */
export function curlFor(exchange: Exchange): string {
  const { request, target } = exchange
  if (request.pieces > 1 && request.body && request.body.length <= 2000) return inPiecesFor(exchange)
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
  // A body the checks made as they sent it: as many bytes of noise, from a pipe.
  if (request.generatedBytes !== undefined && !request.body) return `head -c ${request.generatedBytes} /dev/urandom | ${parts.join(' ')} --data-binary @-`
  return parts.join(' ')
}

/** Node sends the body three bytes at a time, 20 ms apart: pieces small enough to cut any character. */
function inPiecesFor({ request, target }: Exchange): string {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length'))
  const script = [
    `const r=require("http").request(${JSON.stringify(`http://localhost:${target.displayPort}${request.path}`)},{method:${JSON.stringify(request.method)},headers:${JSON.stringify(headers)}},`,
    `(s)=>{console.log(s.statusCode);s.pipe(process.stdout)});`,
    `const b=Buffer.from(process.argv[1]);let i=0;`,
    `const t=setInterval(()=>{r.write(b.subarray(i,i+=3));if(i>=b.length){clearInterval(t);r.end()}},20)`,
  ].join('')
  return `node -e ${quote(script)} ${quote(request.body!.toString('utf8'))}`
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
