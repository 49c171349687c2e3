/**
 * The yardstick from outside: learnyounode 4.2.2's `verify` of its HTTP JSON API server exercise,
 * timed beside `npm run check 4` in the same run. learnyounode is never a dependency of the
 * workbook: the bench installs it into a scratch folder of its own (kept between runs) and runs
 * it with that folder as HOME, where it keeps its progress. The program it verifies is our own
 * solution to its exercise, written here.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runToEnd } from './processes.ts'

export const LEARNYOUNODE_VERSION = '4.2.2'
const EXERCISE = 'HTTP JSON API SERVER'

/** A correct answer to learnyounode's exercise: /api/parsetime and /api/unixtime from ?iso=. */
const SOLUTION = `'use strict'
const http = require('node:http')

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost')
  const time = new Date(url.searchParams.get('iso'))
  const answers = {
    '/api/parsetime': () => ({ hour: time.getHours(), minute: time.getMinutes(), second: time.getSeconds() }),
    '/api/unixtime': () => ({ unixtime: time.getTime() }),
  }
  const answer = answers[url.pathname]
  if (!answer) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(answer()))
})
server.listen(Number(process.argv[2]))
`

export type Learnyounode =
  | { ready: true; verify: () => Promise<boolean> }
  | { ready: false; why: string }

/** learnyounode installed (or found from an earlier run), its exercise selected, our solution written. */
export async function prepareLearnyounode(scratch = join(tmpdir(), `workbook-bench-learnyounode-${LEARNYOUNODE_VERSION}`)): Promise<Learnyounode> {
  const bin = join(scratch, 'node_modules', 'learnyounode', 'bin', 'learnyounode')
  const home = join(scratch, 'home')
  const env = { ...process.env, HOME: home, USERPROFILE: home }
  if (installedVersion(scratch) !== LEARNYOUNODE_VERSION) {
    mkdirSync(scratch, { recursive: true })
    const code = await runToEnd('npm', ['install', '--prefix', scratch, `learnyounode@${LEARNYOUNODE_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: scratch,
      timeoutMs: 180_000,
    }).catch(() => 1)
    if (code !== 0 || installedVersion(scratch) !== LEARNYOUNODE_VERSION) {
      return { ready: false, why: `learnyounode@${LEARNYOUNODE_VERSION} could not be installed (is the npm registry reachable?): comparison skipped` }
    }
  }
  mkdirSync(home, { recursive: true })
  const selected = await runToEnd(process.execPath, [bin, 'select', EXERCISE], { cwd: scratch, env, timeoutMs: 60_000 })
  if (selected !== 0) return { ready: false, why: `learnyounode could not select "${EXERCISE}": comparison skipped` }
  const program = join(scratch, 'http-json-api.js')
  writeFileSync(program, SOLUTION)
  return { ready: true, verify: async () => (await runToEnd(process.execPath, [bin, 'verify', program], { cwd: scratch, env, timeoutMs: 60_000 })) === 0 }
}

function installedVersion(scratch: string): string | null {
  const manifest = join(scratch, 'node_modules', 'learnyounode', 'package.json')
  if (!existsSync(manifest)) return null
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null
}
