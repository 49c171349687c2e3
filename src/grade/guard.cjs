// Preloaded with --require before anything else in an untrusted learner program (npm run grade).
// Plain CommonJS on purpose: it runs before any learner code, without a loader.
//
// The grader compiles the learner's TypeScript itself (compile-learner.ts), so the program runs
// as plain JavaScript and the permission model allows it no child process and no worker thread
// at all. What the model does not cover, this guard does, and it refuses the rest a second time
// (where the model is missing, it is the only line):
// - process.kill / process._kill: only the program's own pid;
// - child_process: nothing (also through ChildProcess.prototype.spawn);
// - new Worker(): nothing;
// - module.register(): nothing (no loader hooks of the program's own).
'use strict'
const { syncBuiltinESMExports } = require('node:module')
const workers = require('node:worker_threads')
const childProcess = require('node:child_process')
const moduleApi = require('node:module')

const refuse = (what) => {
  const error = new Error(`${what} is not allowed while grading`)
  error.code = 'ERR_ACCESS_DENIED'
  return error
}
const lock = (target, name, value) => Object.defineProperty(target, name, { value, writable: false, configurable: false })

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

for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork']) {
  lock(childProcess, name, () => {
    throw refuse(`child_process.${name}()`)
  })
}
lock(childProcess.ChildProcess.prototype, 'spawn', () => {
  throw refuse('ChildProcess.spawn()')
})
class RefusedWorker {
  constructor() {
    throw refuse('new Worker()')
  }
}
lock(workers, 'Worker', RefusedWorker)
lock(moduleApi, 'register', () => {
  throw refuse('module.register()')
})
syncBuiltinESMExports()
