// Proves `npm run verify` refuses bad input with one clear line and exit 2, before any work.
import { execFile } from 'node:child_process'
import { expect, it } from 'vitest'
import { ROOT } from '../src/root.ts'
import { workbookCommand } from '../support/workbook-command.ts'

const verify = (...args: string[]) =>
  new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(process.execPath, [...workbookCommand('verify').slice(1), ...args], { cwd: ROOT, timeout: 30_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    ),
  )

it.each([
  [['--jobs', 'abc'], /--jobs takes a whole number of 1 or more, not "abc"\./],
  [['--jobs', '0'], /--jobs takes a whole number of 1 or more, not "0"\./],
  [['--wat'], /Unknown option '--wat'[\s\S]*Usage: npm run verify/],
  [['--seed', 'x'], /--seed takes a whole number, not "x"\./],
])('verify %j exits 2 with one clear line', async (args, message) => {
  const { code, stderr } = await verify(...args)
  expect(code).toBe(2)
  expect(stderr).toMatch(message)
  expect(stderr).not.toMatch(/\n\s+at /)
})
