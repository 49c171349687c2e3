/**
 * Module checks that serve (`t.serve(server)`): a server the learner's code made, started inside
 * the check's own process, and a client that sends it the DSL's requests, judged as an HTTP
 * check's are, so that a failure shows the same expected, actual and exchange.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServedServer } from './define.ts'
import { CheckFailure } from './failure.ts'
import { judgeExchange } from './judge.ts'
import { sendRequest } from './send-request.ts'

/** How long a server may take to start listening once its code called `listen()`. */
export const SERVE_WAIT_MS = 1500

/** Waits for `server` to listen, then sends requests to it, each on a connection of its own. */
export async function serve(server: Server, what: string, folder: string): Promise<ServedServer> {
  const address = await listeningAddress(server, what)
  const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address
  const target = { host, port: address.port, displayPort: address.port }
  const exchange: ServedServer['exchange'] = (request) => sendRequest(request.spec, target, false)
  return {
    port: address.port,
    exchange,
    async send(request) {
      const made = await exchange(request)
      judgeExchange(request, made, { folder })
      return made
    },
  }
}

/** Closes a served server and every connection it still holds, so that the check's process can end. */
export function closeServed(server: Server): void {
  server.closeAllConnections?.()
  server.close()
}

function listeningAddress(server: Server, what: string): Promise<AddressInfo> {
  const addressOf = (): AddressInfo | null => {
    const address = server.address()
    return address && typeof address === 'object' ? address : null
  }
  const notTcp = () => new CheckFailure(`${what} listens, but not on a TCP port`, { expected: 'a server listening on a TCP port', actual: String(server.address()) })
  if (server.listening) return addressOf() ? Promise.resolve(addressOf()!) : Promise.reject(notTcp())
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.off('listening', listening)
      reject(new CheckFailure(`${what} did not start listening within ${SERVE_WAIT_MS} ms`, { expected: 'a listening server', actual: 'not listening' }))
    }, SERVE_WAIT_MS)
    const listening = () => {
      clearTimeout(timer)
      const address = addressOf()
      if (address) resolve(address)
      else reject(notTcp())
    }
    server.once('listening', listening)
  })
}
