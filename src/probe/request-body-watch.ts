/**
 * Plain Node never fills `req.body`; reading it is the classic Express habit. A getter on the
 * prototype notices the read. Assigning `req.body` (a hand-written body parser) stores a normal
 * property on that request, so later reads are not a mistake.
 */
import http from 'node:http'
import { report } from './channel.ts'
import { requestIdOfIncoming } from './request-registry.ts'
import type { SourceLocation } from './events.ts'

export function watchRequestBody(locate: (stack: string | undefined) => SourceLocation | null): void {
  Object.defineProperty(http.IncomingMessage.prototype, 'body', {
    configurable: true,
    get(this: http.IncomingMessage) {
      const where = locate(new Error().stack)
      if (where) {
        const on = `${this.method} ${this.url}`
        report({ t: 'mistake', code: 'req-body-undefined', detail: `req.body was read on ${on}, but plain Node never sets it`, requestId: requestIdOfIncoming(this), where })
      }
      return undefined
    },
    set(this: http.IncomingMessage, value: unknown) {
      Object.defineProperty(this, 'body', { value, writable: true, configurable: true, enumerable: true })
    },
  })
}
