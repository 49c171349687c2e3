/**
 * Keeps track of the raw TCP clients of a `net` server (one built without the http module, whose
 * requests the request registry follows): what arrived last and whether any client is connected.
 * The heartbeat uses it to say what the program was serving when its event loop was blocked, so
 * a line server is held to "never block the event loop" exactly as an HTTP server is.
 */
import http from 'node:http'
import net from 'node:net'

type Served = { label: string; at: number }

let latest: Served | null = null
let connected = 0
const counted = new WeakSet<net.Socket>()

/** A socket a plain `net` server accepted (an http.Server's sockets are its requests' business). */
const isRawClient = (socket: net.Socket) => {
  const server = (socket as net.Socket & { server?: unknown }).server
  return server instanceof net.Server && !(server instanceof http.Server)
}

export function watchSockets(): void {
  const parent = Object.getPrototypeOf(net.Socket.prototype) as { emit: (...args: unknown[]) => boolean }
  const own = Object.getOwnPropertyDescriptor(net.Socket.prototype, 'emit')
  const original = own?.value as ((...args: unknown[]) => boolean) | undefined
  net.Socket.prototype.emit = function emit(this: net.Socket, name: string | symbol, ...args: unknown[]) {
    if (isRawClient(this)) {
      if (name === 'close') {
        if (counted.delete(this)) connected--
      } else if (!counted.has(this)) (counted.add(this), connected++)
      if (name === 'data') latest = { label: `${preview(args[0])} from a TCP client`, at: performance.now() }
    }
    // Whatever emit is in force above (another watch may wrap EventEmitter's), called as it is now.
    return (original ?? parent.emit).call(this, name, ...args)
  } as typeof net.Socket.prototype.emit
}

/**
 * What the program was serving since `since` (a performance.now() time): the data a TCP client
 * sent in that time, or a connected client (a timer writing to it, say). Null otherwise.
 */
export function rawClientServedSince(since: number): string | null {
  if (latest && latest.at >= since) return latest.label
  return connected > 0 ? 'a connected TCP client' : null
}

/** The first line of a chunk, short and quoted: `"PING\n"`. */
function preview(chunk: unknown): string {
  const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.length, 64)).toString('utf8') : ''
  const firstLine = /^[^\n]*\n?/.exec(text)![0]
  return JSON.stringify(firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine)
}
