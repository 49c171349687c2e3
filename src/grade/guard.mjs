// Loaded with --import before anything else in an untrusted learner program (npm run grade).
// Plain JavaScript on purpose: it runs before the TypeScript loader.
//
// The permission model stops file access and native addons, but not signals, and the
// TypeScript loader (tsx) needs what the model would refuse: a worker thread for its hooks and
// the esbuild binary as a child process. So the model allows both, and this guard, loaded
// first, narrows them for the program's own code:
// - process.kill / process._kill: only the program's own pid;
// - child_process: only the esbuild service that tsx starts (its own binary, `--service=`);
// - new Worker(): only esbuild's own main.js (the loader's hooks thread is internal, unaffected);
// - module.register(): only from tsx itself, so no one adds hooks in the unguarded hooks thread.
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const workers = require('node:worker_threads')
const childProcess = require('node:child_process')
const moduleApi = require('node:module')
const NODE_MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules') + sep
const ESBUILD_BINARIES = [join(NODE_MODULES, '@esbuild') + sep, join(NODE_MODULES, 'esbuild', 'bin') + sep]

const refuse = (what) => {
  const error = new Error(`${what} is not allowed while grading`)
  error.code = 'ERR_ACCESS_DENIED'
  return error
}

// process.kill() calls process._kill() inside: both are replaced, both allow only our own pid.
const guarded = (name) => {
  const original = process[name].bind(process)
  return function (pid, ...rest) {
    if (Number(pid) !== process.pid) throw refuse(`process.kill(${pid})`)
    return original(pid, ...rest)
  }
}
for (const [name, value] of [['_kill', guarded('_kill')], ['kill', guarded('kill')]]) {
  Object.defineProperty(process, name, { value, writable: false, configurable: false, enumerable: false })
}

// esbuild's transformSync runs its own main.js on a worker: that one file, and nothing else.
const ESBUILD_MAIN = join(NODE_MODULES, 'esbuild', 'lib', 'main.js')
class GuardedWorker extends workers.Worker {
  constructor(filename, options) {
    const file = filename instanceof URL ? fileURLToPath(filename) : String(filename)
    if (file !== ESBUILD_MAIN || options?.eval) throw refuse('new Worker()')
    super(filename, options)
  }
}

const lock = (target, name, value) => Object.defineProperty(target, name, { value, writable: false, configurable: false })

const isEsbuildService = (command, args) =>
  typeof command === 'string' && ESBUILD_BINARIES.some((dir) => command.startsWith(dir)) && !command.includes('..') &&
  Array.isArray(args) && args.some((arg) => typeof arg === 'string' && arg.startsWith('--service='))
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) {
  const original = childProcess[name]
  lock(childProcess, name, function (command, args, ...rest) {
    if (!isEsbuildService(command, args)) throw refuse(`child_process.${name}(${JSON.stringify(String(command))})`)
    return original.call(this, command, args, ...rest)
  })
}
for (const name of ['exec', 'execSync', 'fork']) {
  lock(childProcess, name, () => {
    throw refuse(`child_process.${name}()`)
  })
}

const register = moduleApi.register
lock(moduleApi, 'register', function (...args) {
  const caller = new Error().stack?.split('\n').slice(2).find((line) => !line.includes('node:internal')) ?? ''
  if (!caller.includes(`${sep}node_modules${sep}tsx${sep}`)) throw refuse('module.register()')
  return register.apply(this, args)
})

lock(workers, 'Worker', GuardedWorker)
syncBuiltinESMExports()
