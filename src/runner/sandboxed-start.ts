/**
 * Starting a graded program inside the OS sandbox (Linux, bubblewrap): its own user, network,
 * PID, IPC and UTS namespaces, no capabilities, no new privileges, the whole file system
 * read-only, the temporary folders, other learners' work, /run and the home folders hidden, only
 * its sandbox folder writable, and resource limits set before its first instruction.
 *
 * Its network namespace has a loopback of its own and nothing else. The checks still reach it,
 * and it still reaches what the checks serve for it, through unix sockets in a folder of the
 * sandbox (a file system path crosses namespaces; a TCP port does not), bridged by the relay
 * (src/grade/relay.cjs) inside and by this module outside:
 *   check client → 127.0.0.1:X (grader's loopback, this module) → in.sock → relay → program's port
 *   program → 127.0.0.1:N (sandbox loopback, relay) → out-N.sock → this module → 127.0.0.1:N (the check's server)
 * Only the ports the lesson's checks name in the program's environment (and a port a check
 * holds) are carried out. The checks themselves, the judging and the results stay in the
 * grader's process, in another PID namespace: the program can neither see nor signal nor read
 * it, and what crosses is bytes of its own HTTP exchanges. The probe's channel (fd 3) is an
 * inherited socket, as before; its lines still need the run's nonce.
 */
import net from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { ROOT } from '../root.ts'

export const RELAY = join(ROOT, 'src', 'grade', 'relay.cjs')

export type OsSandbox = {
  /** The `bwrap` binary. */
  bwrap: string
  /** util-linux's `prlimit`, which sets the limits and then runs the program. */
  prlimit: string
  /** The sandbox folder: the one writable place (holds the copy). */
  home: string
  /** Folders made empty inside (temporary folders, the class, /run, home folders). */
  hide: string[]
  /** Folders inside hidden ones to show again, read-only (the grader's compiled engine). */
  show: string[]
  limits: { dataBytes: number; cpuSeconds: number; openFiles: number; processes: number; fileSizeBytes: number }
}

/** The ports the lesson's checks tell the program about (`http://127.0.0.1:N` in its environment). */
export function forwardedPorts(env: NodeJS.ProcessEnv, forcedPort?: number): number[] {
  const ports = new Set<number>()
  for (const value of Object.values(env)) {
    for (const match of String(value ?? '').matchAll(/\/\/(?:127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})\b/g)) ports.add(Number(match[1]))
  }
  if (forcedPort) ports.add(forcedPort)
  return [...ports].filter((port) => port > 0 && port < 65536)
}

export class SandboxedRun {
  readonly ctl: string
  private readonly servers: net.Server[] = []
  private readonly reached = new Map<string, Promise<number>>()
  private control: Writable | null = null
  private buffered = ''
  /** The program's own exit, as the relay saw it (bwrap's exit status would hide a signal). */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null

  private readonly spec: OsSandbox
  private readonly forwards: number[]

  constructor(spec: OsSandbox, forwards: number[]) {
    this.spec = spec
    this.forwards = forwards
    this.ctl = mkdtempSync(join(spec.home, '.relay-'))
    for (const port of forwards) {
      const server = net.createServer({ allowHalfOpen: true }, (socket) => bridge(socket, net.connect({ host: '127.0.0.1', port, allowHalfOpen: true })))
      server.on('error', () => {})
      server.listen(join(this.ctl, `out-${port}.sock`))
      this.servers.push(server)
    }
  }

  /** The command that starts `node args` inside the sandbox, through the relay. */
  command(cwd: string, nodeArgs: string[]): { file: string; args: string[] } {
    const { spec } = this
    const args = [
      '--unshare-user', '--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
      '--cap-drop', 'ALL', '--die-with-parent', '--new-session',
      '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc',
      ...spec.hide.flatMap((dir) => ['--tmpfs', dir]),
      ...spec.show.flatMap((dir) => ['--ro-bind', dir, dir]),
      '--bind', spec.home, spec.home,
      '--chdir', cwd,
      '--',
      process.execPath, RELAY, JSON.stringify({ ctl: this.ctl, forwards: this.forwards, limits: spec.limits, prlimit: spec.prlimit }),
      process.execPath, ...nodeArgs,
    ]
    return { file: spec.bwrap, args }
  }

  /** The relay's control channel (fd 4): signals in, the program's exit out. */
  attach(channel: Readable & Writable): void {
    this.control = channel
    channel.on('error', () => {})
    channel.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString()
      const match = /exit (\S+) (\S+)\n/.exec(this.buffered)
      if (match) this.exit = { code: match[1] === 'null' ? null : Number(match[1]), signal: match[2] === 'null' ? null : (match[2] as NodeJS.Signals) }
    })
  }

  signal(signal: NodeJS.Signals): void {
    this.control?.write(`signal ${signal}\n`)
  }

  /** A port on the grader's loopback that leads to `host`:`port` on the program's loopback (127.0.0.1 or ::1). */
  reach(port: number, host = '127.0.0.1'): Promise<number> {
    const key = `${host} ${port}`
    let made = this.reached.get(key)
    if (!made) {
      const server = net.createServer({ allowHalfOpen: true }, (socket) => {
        const inner = net.connect({ path: join(this.ctl, 'in.sock'), allowHalfOpen: true })
        inner.write(`${port} ${socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'} ${host}\n`)
        bridge(socket, inner)
      })
      server.on('error', () => {})
      this.servers.push(server)
      made = new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
      this.reached.set(key, made)
    }
    return made
  }

  close(): void {
    for (const server of this.servers) server.close()
    rmSync(this.ctl, { recursive: true, force: true })
  }
}

function bridge(a: net.Socket, b: net.Socket): void {
  const end = () => {
    a.destroy()
    b.destroy()
  }
  a.on('error', end).on('close', end)
  b.on('error', end).on('close', end)
  a.pipe(b)
  b.pipe(a)
}
