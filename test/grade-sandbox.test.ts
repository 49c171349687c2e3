// Proves the sandbox flags themselves: under them a program reads and writes only its own copy,
// starts no process or worker, adds no loader hooks, and signals no one but itself; the grader
// compiles the TypeScript, so no loader runs inside, and the probe (fd 3) still works (a
// TypeScript solution is graded in full, and a crash points at its .ts line).
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { gradeOne } from '../src/grade/grade-one.ts'
import { permissionFlavour } from '../src/grade/permission-flags.ts'
import { createSandbox, DEFAULT_LIMITS } from '../src/grade/sandbox.ts'
import { compileLearner } from '../src/grade/compile-learner.ts'

const ROOT = join(import.meta.dirname, '..')
const lesson = findLesson(loadLessons(), '3')

describe('the grade sandbox', () => {
  it('detects the permission flag this Node spells', () => {
    expect(permissionFlavour(new Set(['--permission', '--experimental-permission']))).toBe('--permission')
    expect(permissionFlavour(new Set(['--experimental-permission']))).toBe('--experimental-permission')
    expect(permissionFlavour(new Set())).toBeNull()
  })

  it.skipIf(permissionFlavour() === null)('refuses every way out but lets the program use its own copy', () => {
    const sandbox = createSandbox(join(ROOT, 'test/fixtures/class/escapes/03-request-response'), lesson, DEFAULT_LIMITS)
    try {
      expect(sandbox.nodeFlags.join(' ')).not.toMatch(/--allow-(worker|child-process)/)
      const run = spawnSync(process.execPath, [...sandbox.nodeFlags, 'server.mjs'], { cwd: sandbox.dir, env: sandbox.env, encoding: 'utf8', timeout: 20_000 })
      const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, string>
      expect(outcome).toEqual({
        'read-outside': 'ERR_ACCESS_DENIED',
        'list-tmp': 'ERR_ACCESS_DENIED',
        'write-outside': 'ERR_ACCESS_DENIED',
        'write-own-copy': 'worked',
        spawn: 'ERR_ACCESS_DENIED',
        exec: 'ERR_ACCESS_DENIED',
        'esbuild-without-service': 'ERR_ACCESS_DENIED',
        'esbuild-through-a-shell': 'ERR_ACCESS_DENIED',
        'esbuild-service-directly': 'ERR_ACCESS_DENIED',
        'child-process-class': 'ERR_ACCESS_DENIED',
        'esbuild-api': 'ERR_ACCESS_DENIED',
        worker: 'ERR_ACCESS_DENIED',
        register: 'ERR_ACCESS_DENIED',
        'kill-parent': 'ERR_ACCESS_DENIED',
        'kill-group': 'ERR_ACCESS_DENIED',
        binding: 'ERR_ACCESS_DENIED',
        'kill-self': 'worked',
      })
    } finally {
      sandbox.remove()
    }
  })

  it.skipIf(permissionFlavour() === null)('runs compiled TypeScript with no loader, where esbuild can do nothing at all', () => {
    const sandbox = createSandbox(join(ROOT, 'test/fixtures/class/escapes-commonjs/03-request-response'), lesson, DEFAULT_LIMITS)
    try {
      const entry = compileLearner(sandbox.dir, join(sandbox.dir, 'server.ts'))
      expect(entry).toBe(join(sandbox.dir, 'server.js'))
      const run = spawnSync(process.execPath, [...sandbox.nodeFlags, '--enable-source-maps', entry], { cwd: sandbox.dir, env: sandbox.env, encoding: 'utf8', timeout: 20_000 })
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ 'esbuild-build': 'ERR_ACCESS_DENIED', 'esbuild-transform': 'ERR_ACCESS_DENIED' })
    } finally {
      sandbox.remove()
    }
  })

  it('maps a compiled program\'s stack trace back to its .ts line', () => {
    const sandbox = createSandbox(join(ROOT, 'test/fixtures/class/escapes-commonjs/03-request-response'), lesson, DEFAULT_LIMITS)
    try {
      writeFileSync(join(sandbox.dir, 'crash.ts'), "type Shape = { size: number }\nconst shape: Shape = { size: 1 }\n\nif (shape.size) throw new Error('boom')\n")
      const entry = compileLearner(sandbox.dir, join(sandbox.dir, 'crash.ts'))
      const run = spawnSync(process.execPath, [...sandbox.nodeFlags, '--enable-source-maps', entry], { cwd: sandbox.dir, env: sandbox.env, encoding: 'utf8', timeout: 20_000 })
      expect(run.stderr).toContain(`${join(sandbox.dir, 'crash.ts')}:4:`)
    } finally {
      sandbox.remove()
    }
  })

  it('grades a TypeScript solution in full from its copy, with the probe reporting on fd 3', async () => {
    const { result } = await gradeOne({ name: 'ref', dir: join(ROOT, 'solutions') }, lesson, { seed: 5, limits: DEFAULT_LIMITS })
    expect(result.checks.filter((check) => check.status !== 'pass')).toEqual([])
    expect(result.file).toBe(join(ROOT, 'solutions', lesson.id, 'server.ts')) // the original, not the temporary copy
  }, 60_000)
})
