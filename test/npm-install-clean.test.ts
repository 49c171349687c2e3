// Proves the learner's first command is clean: npm 11 blocks dependency install scripts not
// listed in package.json's allowScripts and ends `npm install` with a warning about each one.
// Every package with an install script is reviewed there (esbuild's checks its binary).
import { execFileSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { ROOT } from '../src/root.ts'

const npm = (...args: string[]) => execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] })

const hasInstallScriptsCommand = (() => {
  try {
    npm('help', 'install-scripts')
    return true
  } catch {
    return false
  }
})()

it.skipIf(!hasInstallScriptsCommand)('leaves no dependency install script unreviewed', () => {
  expect(npm('install-scripts', 'ls').trim()).toBe('No packages with unreviewed install scripts.')
})
