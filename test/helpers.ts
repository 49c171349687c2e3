/** Shared by the engine's tests: start fixture servers, build one-off lessons. */
import { join } from 'node:path'
import { BOOT_DEADLINE_MS, DISPLAY_PORT } from '../src/limits.ts'
import { ROOT } from '../src/runner/paths.ts'
import { Program } from '../src/runner/program.ts'
import { runLesson } from '../src/runner/run-lesson.ts'
import { defineChecks } from '../src/dsl/define.ts'
import type { Check } from '../src/dsl/define.ts'
import type { RequestCheck } from '../src/dsl/request.ts'
import type { TcpScript } from '../src/dsl/tcp-client.ts'

export const SERVERS = join(ROOT, 'test', 'fixtures', 'servers')
export const fixture = (name: string) => join(SERVERS, name)

export async function startFixture(name: string, options: { bootTimeoutMs?: number } = {}) {
  return Program.start({
    entry: fixture(name),
    cwd: SERVERS,
    learnerDir: SERVERS,
    env: { ...process.env, PORT: String(DISPLAY_PORT) },
    bootTimeoutMs: options.bootTimeoutMs ?? BOOT_DEADLINE_MS,
    waitForListen: true,
  })
}

/** Grades a fixture server against checks written in the test itself. */
export function gradeFixture(name: string, checks: (Check | RequestCheck | TcpScript)[]) {
  return runLesson({
    checks: defineChecks({ lesson: 99, slug: 'test', checks }),
    checksPath: '',
    title: 'test',
    entryFile: fixture(name),
    seed: 1,
    bootTimeoutMs: BOOT_DEADLINE_MS,
  })
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
