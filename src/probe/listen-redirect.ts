/**
 * Makes every `listen()` bind where the runner says (a free port by default), whatever port the
 * learner wrote, and tells the runner the moment the server listens. No sleeping, no dialling.
 */
import net from 'node:net'
import { report } from './channel.ts'

export function redirectListen(forcedPort: number | null): void {
  const originalListen = net.Server.prototype.listen
  let firstListen = true

  net.Server.prototype.listen = function patchedListen(this: net.Server, ...args: unknown[]) {
    // Only the first server gets the runner's port; any other lands on a free one.
    const port = firstListen && forcedPort !== null ? forcedPort : 0
    const requestedPort = requestedPortOf(args)
    const rewritten = rewritePort(args, port)
    if (rewritten) {
      firstListen = false
      this.once('listening', () => {
        const address = this.address()
        if (address && typeof address === 'object') {
          report({ t: 'listening', port: address.port, address: address.address, family: address.family, requestedPort })
        }
      })
    }
    return originalListen.apply(this, (rewritten ?? args) as Parameters<typeof originalListen>)
  } as typeof originalListen
}

/** The same arguments with the TCP port replaced, or null when this is not a TCP listen (a pipe, a handle). */
function rewritePort(args: unknown[], port: number): unknown[] | null {
  const [first, ...rest] = args
  if (first === undefined || first === null || typeof first === 'function') return [port, ...args.slice(first == null ? 1 : 0)]
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return [port, ...rest]
  if (typeof first === 'object' && !('fd' in first) && !('_handle' in first) && !('path' in first && (first as { path?: unknown }).path)) {
    return [{ ...(first as object), port }, ...rest]
  }
  return null
}

/** The port the learner asked for, to show them a `curl` line they can paste. */
function requestedPortOf(args: unknown[]): number | null {
  const first = args[0]
  const port = typeof first === 'object' && first !== null ? (first as { port?: unknown }).port : first
  const number = Number(port)
  return Number.isInteger(number) && number > 0 ? number : null
}
