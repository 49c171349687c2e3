// Proves the "try it" line reproduces what the check sent: curl for a body sent at once, and a
// line of Node that sends the body in small pieces when the check did (curl would send it whole,
// hiding a body decoded chunk by chunk). The piecewise line is run against a real server here.
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { recordExchange, type Exchange } from '../src/dsl/exchange.ts'
import { curlFor } from '../src/runner/report-exchange.ts'

const exchange = (pieces: number, port = 3000): Exchange =>
  recordExchange({
    request: { method: 'POST', path: '/users', headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"name":"Zoë 名前"}'), pieces, cuts: [], fromAddress: null },
    response: null,
    error: null,
    durationMs: 0,
    reusedSocket: false,
    target: { host: '127.0.0.1', port, displayPort: port },
  })

describe('the try-it line', () => {
  it('is curl for a body sent at once', () => {
    expect(curlFor(exchange(1))).toBe(`curl -i -X POST 'http://localhost:3000/users' -H 'Content-Type: application/json' --data-binary '{"name":"Zoë 名前"}'`)
  })

  it('sends a body the check sent in pieces in pieces too, so a chunk-by-chunk decoder shows its bug', async () => {
    // A server that decodes each chunk on its own, as the mistake does.
    const server = http.createServer((req, res) => {
      let text = ''
      const pieces: number[] = []
      req.on('data', (chunk: Buffer) => ((text += chunk.toString()), pieces.push(chunk.length)))
      req.on('end', () => res.end(JSON.stringify({ text, pieces: pieces.length })))
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as AddressInfo).port
    try {
      const line = curlFor(exchange(5, port))
      expect(line.startsWith(`node -e '`)).toBe(true)
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile('sh', ['-c', line], { timeout: 10_000 }, (error, out) => (error ? reject(error) : resolve(out))),
      )
      const [status, body] = stdout.split('\n')
      expect(status).toBe('200')
      const { text, pieces } = JSON.parse(body!)
      expect(pieces).toBeGreaterThan(1)
      expect(text).toContain('\uFFFD')
    } finally {
      server.close()
    }
  })
})
