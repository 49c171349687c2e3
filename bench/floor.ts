/**
 * The floor every other figure is compared with: start `node`, listen, answer one request, stop.
 * Measured for plain JavaScript, and for TypeScript through each half of tsx the runner may use.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loaderFlags } from '../src/runner/learner-process.ts'
import type { Loader } from '../src/runner/loader-for.ts'

const SERVER = `import http from 'node:http'
const server = http.createServer((req, res) => res.end('ok'))
server.listen(0, () => console.log(String((server.address() as { port: number }).port)))
`

export function floorFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'workbook-floor-'))
  writeFileSync(join(dir, 'server.ts'), SERVER)
  writeFileSync(join(dir, 'server.mjs'), SERVER.replace(' as { port: number }', ''))
  return { js: join(dir, 'server.mjs'), ts: join(dir, 'server.ts') }
}

/** Spawn, wait for the printed port, send one request, kill. */
export function serveOnce(entry: string, loader: Loader | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [...(loader ? loaderFlags(loader) : []), entry]
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let answered = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('floor server did not answer in 10 s'))
    }, 10_000)
    child.stdout.once('data', (chunk: Buffer) => {
      const port = Number(chunk.toString().trim())
      http.get({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
        res.resume()
        res.on('end', () => {
          answered = res.statusCode === 200
          child.kill('SIGKILL')
        })
      }).on('error', reject)
    })
    child.on('close', () => {
      clearTimeout(timer)
      if (answered) resolve()
      else reject(new Error(`floor server (${entry}) stopped without answering 200`))
    })
  })
}
