// Proves the compiled copy of the workbook's own code: built from nothing once, even by several
// commands starting at the same moment, with nothing half-written left behind, and a command
// run from it grades a lesson exactly like the TypeScript sources do.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from '../support/workbook-command.ts'

// Inside the workbook, like the real one: the compiled files find chalk & co. in node_modules above them.
mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true })
const cache = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'workbook-build-test-'))
afterAll(() => rmSync(cache, { recursive: true, force: true }))

function run(program: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { cwd: ROOT, timeout: 60_000, env: { ...process.env, WORKBOOK_BUILD_CACHE: cache, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

const BUILD = `import(${JSON.stringify(join(ROOT, 'src', 'build', 'compiled-workbook.mjs'))}).then((m) => m.compiledWorkbook()).then((b) => console.log(b.dir))`

describe('the compiled workbook', () => {
  it('is built once when three commands start together, and only the finished build remains', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => run(process.execPath, ['--input-type=module', '-e', BUILD])))
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0])
    const dirs = new Set(runs.map((r) => r.stdout.trim()))
    expect(dirs.size).toBe(1)
    const [dir] = [...dirs]
    expect(readdirSync(cache).sort()).toEqual([dir!.slice(cache.length + 1), 'stamps'])
    // The next start finds the build through the stamp of the sources' sizes and times.
    const again = await run(process.execPath, ['--input-type=module', '-e', BUILD])
    expect(again.stdout.trim()).toBe(dir)
    for (const file of ['complete', 'probe.cjs', 'standby.cjs', 'src/cli/check.mjs', 'checks/03-request-response.mjs']) {
      expect(existsSync(join(dir!, file)), file).toBe(true)
    }
  }, 60_000)

  it('is not built by importing the engine: only by starting a learner program from the sources', async () => {
    const own = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'workbook-lazy-test-'))
    const url = (file: string) => JSON.stringify(pathToFileURL(join(ROOT, file)).href)
    const importEverything = `
      const { loadLessons } = await import(${url('src/curriculum/lessons.ts')})
      console.log(loadLessons().length)
      await import(${url('src/runner/paths.ts')}); await import(${url('src/runner/check-lesson.ts')}); await import(${url('src/cli/run-command.ts')})
      const { preparedProbe } = await import(${url('src/runner/paths.ts')})
      const { existsSync, readdirSync } = await import('node:fs')
      console.log(readdirSync(${JSON.stringify(own)}).length)
      // Asked for by a caller that cannot wait (a process started synchronously): built there and then.
      console.log(Object.values(preparedProbe()).every((file) => file.startsWith(${JSON.stringify(own)}) && existsSync(file)))`
    try {
      const imported = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', importEverything], { cwd: ROOT, timeout: 60_000, env: { ...process.env, WORKBOOK_BUILD_CACHE: own } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        )
      })
      expect(imported.code, imported.stderr).toBe(0)
      const [lessons, built, probeInBuild] = imported.stdout.trim().split('\n')
      expect(Number(lessons)).toBeGreaterThan(0)
      expect(built).toBe('0') // nothing built by the imports and the lesson list
      expect(probeInBuild).toBe('true') // built when asked for
    } finally {
      rmSync(own, { recursive: true, force: true })
    }
  }, 60_000)

  it('runs `check` from it: the solution passes and the starter fails', async () => {
    const [node, ...flags] = workbookCommand('check')
    const solution = await run(node, [...flags, '3', '--solution'])
    expect(solution.stdout).toContain('All 6 checks pass')
    expect(solution.code).toBe(0)
    const starter = await run(node, [...flags, '3'])
    expect(starter.code).toBe(1)
    expect(starter.stdout).toMatch(/✖ \d of 6 checks pass/)
  }, 60_000)
})
