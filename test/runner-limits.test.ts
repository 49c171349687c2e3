// Proves the limits in src/limits.ts keep the order their comments promise (each wait shorter
// than the one that contains it, every request deadline a checks file sets inside the check's),
// and that the module harness enforces the deadline the runner hands it rather than a copy.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import * as limits from '../src/limits.ts'
import { moduleCheck } from '../src/dsl/define.ts'
import { ROOT } from '../src/runner/paths.ts'
import { runModuleChecks } from '../src/runner/run-module-checks.ts'

describe('the limits', () => {
  it('nest: a heartbeat inside a block, a block inside a barrier, up to a check inside a graded lesson', () => {
    const nested = [limits.HEARTBEAT_MS, limits.BLOCKED_LOOP_MS, limits.BARRIER_MS, limits.STUCK_MS, limits.REQUEST_DEADLINE_MS, limits.CHECK_DEADLINE_MS]
    expect(nested).toEqual([...nested].sort((a, b) => a - b))
    expect(new Set(nested).size).toBe(nested.length)
    expect(limits.SETTLE_MS).toBeLessThan(limits.REQUEST_DEADLINE_MS)
    expect(limits.LINE_WAIT_MS).toBeLessThan(limits.REQUEST_DEADLINE_MS)
    expect(limits.BOOT_DEADLINE_MS + limits.CHECK_DEADLINE_MS).toBeLessThan(limits.GRADE_LESSON_DEADLINE_MS)
    expect(limits.CHECK_DEADLINE_MS + limits.STOP_WAIT_MS).toBeLessThan(limits.GRADE_CLEANUP_WAIT_MS)
    expect(limits.SERVE_WAIT_MS).toBeLessThan(limits.MODULE_CHECK_DEADLINE_MS)
    expect(limits.REQUEST_DEADLINE_MS).toBeLessThan(limits.MODULE_CHECK_DEADLINE_MS)
    expect(limits.GRADE_OUTPUT_CAP_BYTES).toBeLessThan(limits.OUTPUT_CAP_BYTES)
  })

  it('leave every request deadline a checks file sets inside the check deadline', () => {
    const dir = join(ROOT, 'checks')
    const set = readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [...readFileSync(join(dir, name), 'utf8').matchAll(/\.timeout\(([\d_]+)\)|waitForExit\(([\d_]+)\)/g)].map((m) => ({ name, ms: Number((m[1] ?? m[2])!.replaceAll('_', '')) })))
    expect(set.length).toBeGreaterThan(0)
    expect(set.filter(({ ms }) => ms >= limits.CHECK_DEADLINE_MS)).toEqual([])
  })
})

describe('the module harness', () => {
  const temp = mkdtempSync(join(tmpdir(), 'workbook-limits-'))
  afterAll(() => rmSync(temp, { recursive: true, force: true }))

  it('stops a module check at the deadline the runner passes it', async () => {
    const define = pathToFileURL(join(ROOT, 'src/dsl/define.ts')).href
    const checksPath = join(temp, 'checks.ts')
    writeFileSync(checksPath, `import { defineChecks, moduleCheck } from '${define}'
export default defineChecks({ lesson: 99, slug: 'test', checks: [moduleCheck('waits', 'waits for a promise', () => new Promise(() => {}))] })
`)
    const target = join(temp, 'answer.ts')
    writeFileSync(target, 'export const answer = 42\n')
    const [result] = await runModuleChecks({
      checks: [moduleCheck('waits', 'waits for a promise', () => new Promise(() => {}))],
      checksPath,
      target,
      seed: 1,
      exerciseDir: temp,
      processOptions: { cwd: temp, learnerDir: temp, env: process.env },
      bootTimeoutMs: limits.BOOT_DEADLINE_MS,
      checkDeadlineMs: 250,
    })
    expect(result).toMatchObject({ id: 'waits', status: 'fail', message: 'did not finish within 250 ms (a promise that never settles?)' })
  })
})
