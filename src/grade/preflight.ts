/**
 * Before grading anyone: run two programs known to work (one compiled as CommonJS, one as an
 * ES module) exactly as a learner's program runs, sandbox, permission model and probe included. If
 * either does not answer, the grader itself is broken (a workbook copied without its build, a
 * damaged node_modules, an unreadable probe): nothing is graded, rather than every learner
 * scored zero for a fault that is not theirs.
 */
import http from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Lesson } from '../curriculum/lessons.ts'
import { DISPLAY_PORT } from '../limits.ts'
import { loaderFor } from '../runner/loader-for.ts'
import { Program } from '../runner/program.ts'
import { createSandbox, type Limits } from './sandbox.ts'
import { compileLearner, engineFolder } from './compile-learner.ts'
import { osSandboxFor, type InForce } from './os-sandbox.ts'

/** The grader cannot run a program known to work: exit 1, no report. */
export class GraderBroken extends Error {}

const PROGRAMS: Record<string, string> = {
  'server.ts': "import http from 'node:http'\nhttp.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT ?? 3000))\n",
  'server.mts': "import http from 'node:http'\nawait Promise.resolve()\nhttp.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT ?? 3000))\n",
}

export async function preflight(lesson: Lesson, limits: Limits, inForce?: InForce, tempRoot = tmpdir()): Promise<void> {
  const problems = await Promise.all(Object.entries(PROGRAMS).map(([file, text]) => tryOne(file, text, lesson, limits, tempRoot, inForce)))
  const found = problems.filter((problem): problem is string => problem !== null)
  if (found.length) {
    throw new GraderBroken(
      `The grader could not run a program known to work, so nobody was graded (this is not the learners' fault):\n${found.map((p) => `  ${p}`).join('\n')}\n` +
        'Was the workbook copied or moved, or its node_modules changed? Run `npm ci` in it, then grade again.',
    )
  }
}

async function tryOne(file: string, text: string, lesson: Lesson, limits: Limits, tempRoot: string, inForce?: InForce): Promise<string | null> {
  const source = mkdtempSync(join(tempRoot, 'workbook-preflight-'))
  let sandbox: ReturnType<typeof createSandbox> | null = null
  let program: Program | null = null
  try {
    writeFileSync(join(source, file), text)
    sandbox = createSandbox(source, lesson, limits, tempRoot, engineFolder(tempRoot), inForce?.mode === 'none')
    const entry = compileLearner(sandbox.dir, join(sandbox.dir, file))
    const started = await Program.start({
      entry, cwd: sandbox.dir, learnerDir: sandbox.dir, env: { ...sandbox.env, PORT: String(DISPLAY_PORT) }, loader: 'plain',
      ...(inForce?.os ? { osSandbox: osSandboxFor(inForce.os, sandbox.home, [source], [engineFolder(tempRoot)], limits, tempRoot) } : {}),
      nodeFlags: sandbox.nodeFlags, outputCapBytes: limits.outputCapBytes, bootTimeoutMs: limits.bootTimeoutMs, waitForListen: true,
    })
    program = started.program
    const why = (what: string) => {
      const stderr = started.program.output.lines({ stream: 'stderr' }).filter(Boolean).slice(0, 6).join(' | ')
      return `${file} (compiled as ${loaderFor(join(source, file))}) ${what}${stderr ? `: ${stderr}` : ''}`
    }
    if (started.outcome.state === 'exited') return why(`exited (code ${started.outcome.exit.code}) before it listened`)
    if (started.outcome.state !== 'listening') return why(`did not listen within ${limits.bootTimeoutMs / 1000} s`)
    const body = await get(program.host, program.port)
    return body === 'ok' ? null : why(`answered ${JSON.stringify(body)} instead of "ok"`)
  } catch (error) {
    return `${file}: ${error instanceof Error ? error.message : String(error)}`
  } finally {
    await program?.stop()
    sandbox?.remove()
    rmSync(source, { recursive: true, force: true })
  }
}

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path: '/', agent: false, timeout: 5000 }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body)).on('error', (e) => resolve(`(${e.message})`))
    })
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')))
    request.on('error', (error) => resolve(`(${error.message})`))
  })
}
