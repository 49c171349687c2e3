// The first process inside a learner's OS sandbox (bubblewrap: its own network, PID, IPC and
// user namespaces; see src/runner/sandboxed-start.ts). Plain CommonJS, run by Node with no
// loader, from the workbook's read-only files. It is the only bridge between the sandbox's own
// loopback and the grader, and it carries bytes only, never a verdict:
// - in:  the grader connects to `<ctl>/in.sock`, says `PORT FROM HOST\n`, and the relay connects to
//        the program's port on the sandbox's loopback (at the address it listens on, from
//        FROM, a loopback address, as the check asked): the checks' requests reach the program this way, and nothing else does;
// - out: for each port the lesson's checks serve (an upstream, a held port) the relay listens
//        on that port of the sandbox's loopback and carries each connection to
//        `<ctl>/out-PORT.sock`, where the grader carries it on to that port alone;
// - control (fd 4): the grader sends `signal NAME`; the relay answers `exit CODE SIGNAL` when
//        the program ends, then ends itself (and with it, the whole PID namespace).
// Then it starts the program under its resource limits (util-linux prlimit, which then execs it).
'use strict'
const net = require('node:net')
const { spawn } = require('node:child_process')
const { join } = require('node:path')

const spec = JSON.parse(process.argv[2])
// The program's environment is the grader's scrubbed one, minus what bwrap added (PWD).
const programEnv = { ...process.env }
delete programEnv.PWD
const command = process.argv.slice(3)
const control = new net.Socket({ fd: 4, readable: true, writable: true })
control.on('error', () => {})

const pipeBoth = (a, b) => {
  const end = () => {
    a.destroy()
    b.destroy()
  }
  a.on('error', end).on('close', end)
  b.on('error', end).on('close', end)
  a.pipe(b)
  b.pipe(a)
}

const listening = []
for (const port of spec.forwards) {
  for (const host of ['127.0.0.1', '::1']) {
    const server = net.createServer({ allowHalfOpen: true }, (socket) => pipeBoth(socket, net.connect({ path: join(spec.ctl, `out-${port}.sock`), allowHalfOpen: true })))
    listening.push(new Promise((resolve) => server.once('error', resolve).listen(port, host, resolve)))
  }
}

const inbound = net.createServer({ allowHalfOpen: true }, (socket) => {
  let head = Buffer.alloc(0)
  const onData = (chunk) => {
    head = Buffer.concat([head, chunk])
    const newline = head.indexOf(10)
    if (newline === -1) {
      if (head.length > 100) socket.destroy()
      return
    }
    socket.off('data', onData)
    socket.pause()
    const [port, from, to] = head.subarray(0, newline).toString().split(' ')
    const rest = head.subarray(newline + 1)
    // The program may listen on 127.0.0.1 (or any loopback address) or on ::1 alone.
    const v4 = (address) => /^127\.\d+\.\d+\.\d+$/.test(address ?? '')
    const host = to === '::1' || v4(to) ? to : '127.0.0.1'
    const loopback = host !== '::1' && v4(from) ? { localAddress: from } : {}
    const target = net.connect({ host, port: Number(port), allowHalfOpen: true, ...loopback })
    if (rest.length) target.write(rest)
    pipeBoth(socket, target)
    socket.resume()
  }
  socket.on('data', onData).on('error', () => socket.destroy())
})
listening.push(new Promise((resolve) => inbound.listen(join(spec.ctl, 'in.sock'), resolve)))

Promise.all(listening).then(() => {
  const limits = spec.limits
  const child = spawn(spec.prlimit, [
    `--data=${limits.dataBytes}`, `--cpu=${limits.cpuSeconds}`, `--nofile=${limits.openFiles}`,
    `--nproc=${limits.processes}`, `--fsize=${limits.fileSizeBytes}`, '--core=0', '--', ...command,
  ], { stdio: ['ignore', 1, 2, 3], env: programEnv })
  let ended = false
  control.on('data', (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      const [word, name] = line.split(' ')
      if (word === 'signal' && name && !ended) {
        try {
          child.kill(name)
        } catch {}
      }
    }
  })
  child.on('error', () => {})
  child.on('exit', (code, signal) => {
    ended = true
    control.end(`exit ${code} ${signal}\n`, () => process.exit(0))
    setTimeout(() => process.exit(0), 500).unref()
  })
})
