// Proves every command reads its arguments the same way: each misuse (an unknown option, a
// missing value, a bad number, an argument too many) exits 2 with the same one clear message and
// no stack trace, before any work; and the reader behind them takes what it should.
import { execFile } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { readArguments } from '../src/cli/arguments.ts'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from '../support/workbook-command.ts'

type Command = Parameters<typeof workbookCommand>[0]

const run = (command: Command, ...args: string[]) =>
  new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(process.execPath, [...workbookCommand(command).slice(1), ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1', CI: '1' } }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    ),
  )

const USAGE: Record<Command, string> = {
  check: 'Usage: npm run check <lesson> [-- --file PATH] [--json] [--seed N] [--solution] [--trace] [--verbose]',
  lesson: 'Usage: npm run lesson [N] [-- --dir DIR] [--watch] [--poll] [--web] [--reset-progress] [--seed N]',
  grade: 'Usage: npm run grade -- <class folder> [--lessons 3-9] [--jobs N] [--out DIR] [--learner NAME] [--json] [--seed N] [--timeout SECONDS] [--classroom FILE] [--isolation auto|required|none]',
  verify: 'Usage: npm run verify [-- --lesson N] [--seed N] [--jobs N] [--text-only] [--root DIR]',
}

describe('misusing a command', () => {
  it.each<[Command, string[], string]>([
    ['check', ['3', '--wat'], `Unknown option '--wat'.\n${USAGE.check}`],
    ['lesson', ['3', '--wat'], `Unknown option '--wat'.\n${USAGE.lesson}`],
    ['grade', ['class', '--wat'], `Unknown option '--wat'.\n${USAGE.grade}`],
    ['verify', ['--wat'], `Unknown option '--wat'.\n${USAGE.verify}`],
    ['check', ['3', '--seed'], `--seed needs a value.\n${USAGE.check}`],
    ['lesson', ['3', '--dir'], `--dir needs a value.\n${USAGE.lesson}`],
    ['grade', ['class', '--jobs', '--json'], `--jobs needs a value.\n${USAGE.grade}`],
    ['verify', ['--lesson'], `--lesson needs a value.\n${USAGE.verify}`],
    ['check', ['3', '--json=yes'], `--json takes no value.\n${USAGE.check}`],
    ['check', ['3', '4'], `Unexpected argument '4'.\n${USAGE.check}`],
    ['verify', ['3'], `Unexpected argument '3'.\n${USAGE.verify}`],
    ['check', [], USAGE.check],
    ['grade', [], USAGE.grade],
    ['check', ['3', '--seed', 'abc'], '--seed takes a whole number, not "abc".'],
    ['lesson', ['3', '--seed', '1.5'], '--seed takes a whole number, not "1.5".'],
    ['grade', ['class', '--jobs', '0'], '--jobs takes a whole number of 1 or more, not "0".'],
    ['grade', ['class', '--isolation', 'some'], '--isolation takes auto, required or none, not "some".'],
    ['verify', ['--jobs', 'abc'], '--jobs takes a whole number of 1 or more, not "abc".'],
    ['verify', ['--jobs', '0'], '--jobs takes a whole number of 1 or more, not "0".'],
    ['verify', ['--seed', 'x'], '--seed takes a whole number, not "x".'],
  ])('%s %j exits 2 and says so in one message', async (command, args, message) => {
    const { code, stderr } = await run(command, ...args)
    expect(stderr).toBe(`✖ ${message}\n`)
    expect(code).toBe(2)
  }, 60_000)
})

describe('the argument reader', () => {
  const read = (...args: string[]) =>
    readArguments({ usage: 'Usage: x', args, positionals: 1, options: { seed: { type: 'string' }, lesson: { type: 'string', multiple: true }, json: { type: 'boolean' } } })

  it('takes values, repeated options, switches and one plain argument', () => {
    const args = read('3', '--seed', '7', '--lesson', '1', '--lesson=2', '--json')
    expect(args.values).toEqual({ seed: '7', lesson: ['1', '2'], json: true })
    expect(args.positionals).toEqual(['3'])
    expect(args.wholeNumber('seed')).toBe(7)
  })

  it('takes a negative number as a value, and an option as no value', () => {
    expect(read('--seed', '-5').wholeNumber('seed')).toBe(-5)
    expect(() => read('--seed', '--json')).toThrow('--seed needs a value.\nUsage: x')
  })

  it('throws usage errors, coded for the commands to map to exit code 2', () => {
    expect(() => read('--seed', '')).not.toThrow()
    const error = (() => {
      try {
        read('--seed', '').wholeNumber('seed')
      } catch (thrown) {
        return thrown
      }
    })()
    expect(error).toMatchObject({ code: 'USAGE', message: '--seed takes a whole number, not "".' })
  })
})
