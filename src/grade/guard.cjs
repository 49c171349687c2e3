// Preloaded with --require before anything else in an untrusted learner program (npm run grade).
// Plain CommonJS on purpose: it runs before the TypeScript loader, and a preloaded ES module
// would go through the ESM loader, which the loader's hooks may already hold (Node 24).
//
// The permission model stops file access and native addons, but not signals, and the
// TypeScript loader (tsx) needs what the model would refuse: a worker thread for its hooks and
// the esbuild binary as a child process. So the model allows both, and this guard, loaded
// first, narrows them for the program's own code:
// - process.kill / process._kill: only the program's own pid;
// - child_process: only the esbuild service that tsx starts (its exact binary, `--service=`, no
//   shell, tsx on the call stack), also through ChildProcess.prototype.spawn;
// - new Worker(): only esbuild's own main.js, started by tsx (the loader's hooks thread is internal);
// - module.register(): only from tsx itself, so no one adds hooks in the unguarded hooks thread;
// - esbuild: no build API (it writes files from outside the permission model), only transforms.
'use strict'
const { syncBuiltinESMExports } = require('node:module')
const { join, sep } = require('node:path')

const workers = require('node:worker_threads')
const childProcess = require('node:child_process')
const moduleApi = require('node:module')
const NODE_MODULES = join(__dirname, '..', '..', 'node_modules') + sep
// The esbuild binary itself, exactly: its platform package's, or the one esbuild/bin links to.
const ESBUILD_BINARIES = [
  join(NODE_MODULES, '@esbuild', `${process.platform}-${process.arch}`, 'bin', 'esbuild'),
  join(NODE_MODULES, 'esbuild', 'bin', 'esbuild'),
]
const TSX = `${sep}node_modules${sep}tsx${sep}`
/** Whether tsx is on the call stack: the loader may start esbuild, the program's own code may not. */
const calledByTsx = () => (new Error().stack ?? '').includes(TSX)

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
    if (file !== ESBUILD_MAIN || options?.eval || !calledByTsx()) throw refuse('new Worker()')
    super(filename, options)
  }
}

const lock = (target, name, value) => Object.defineProperty(target, name, { value, writable: false, configurable: false })

const withShell = (values) => values.some((value) => typeof value === 'object' && value !== null && 'shell' in value && value.shell)
const isEsbuildService = (command, args, rest) =>
  ESBUILD_BINARIES.includes(command) &&
  Array.isArray(args) && args.some((arg) => typeof arg === 'string' && arg.startsWith('--service=')) &&
  !withShell(rest) && calledByTsx()
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) {
  const original = childProcess[name]
  lock(childProcess, name, function (command, args, ...rest) {
    if (!isEsbuildService(command, args, rest)) throw refuse(`child_process.${name}(${JSON.stringify(String(command))})`)
    return original.call(this, command, args, ...rest)
  })
}
// The class under child_process.spawn: reachable without child_process.spawn, so guarded too.
const spawnChild = childProcess.ChildProcess.prototype.spawn
lock(childProcess.ChildProcess.prototype, 'spawn', function (options) {
  if (!isEsbuildService(options?.file, options?.args?.slice(1), [options])) throw refuse('ChildProcess.spawn()')
  return spawnChild.call(this, options)
})
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

// esbuild's build API writes files wherever it is told, from the esbuild process, which is
// outside the permission model. The loader only ever transforms, so the program's esbuild (the
// one module instance, whatever path requires it) has no build, buildSync or context.
const ESBUILD_API = require.resolve(join(NODE_MODULES, 'esbuild'))
const esbuildApi = require(ESBUILD_API)
const narrowed = Object.fromEntries(Object.keys(esbuildApi).map((name) => [name, esbuildApi[name]]))
for (const name of ['build', 'buildSync', 'context']) {
  narrowed[name] = () => {
    throw refuse(`esbuild.${name}()`)
  }
}
require.cache[ESBUILD_API].exports = Object.freeze(narrowed)
