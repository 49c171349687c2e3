/**
 * Watches EventEmitter for the event mistakes: emitting a name nobody listens to while a
 * near-identical one has listeners, listening for a name Node never emits, and emitting
 * `'error'` with no listener. Also feeds the request registry (request starts, body chunks).
 */
import { EventEmitter } from 'node:events'
import http from 'node:http'
import net from 'node:net'
import { report } from './channel.ts'
import { countDataChunk, markHandled, requestIdOfIncoming, trackRequest } from './request-registry.ts'
import { confirmIdle } from './idle-report.ts'
import { nearestName } from './near-names.ts'
import { traceBodyEnd, traceChunk, traceConnection, tracing } from './trace.ts'
import type { SourceLocation } from './events.ts'

type Locate = (stack: string | undefined) => SourceLocation | null

/** Events Node's own objects emit; a listener for a near miss of one of these never fires. */
const KNOWN_EVENTS: [new (...args: never[]) => object, string[]][] = [
  [http.Server, ['request', 'connection', 'listening', 'close', 'error', 'checkContinue', 'checkExpectation', 'clientError', 'connect', 'upgrade', 'dropRequest']],
  [http.IncomingMessage, ['data', 'end', 'close', 'error', 'aborted', 'readable', 'pause', 'resume']],
  [http.ServerResponse, ['finish', 'close', 'error', 'drain', 'pipe', 'unpipe', 'prefinish']],
  [net.Socket, ['data', 'end', 'close', 'error', 'connect', 'timeout', 'drain', 'lookup', 'ready']],
]

export function watchEmitters(locate: Locate): void {
  const listenerCount = EventEmitter.prototype.listenerCount
  const eventNames = EventEmitter.prototype.eventNames
  const originalEmit = EventEmitter.prototype.emit
  const reported = new Set<string>()
  const once = (key: string, send: () => void) => {
    if (reported.has(key)) return
    reported.add(key)
    send()
  }

  EventEmitter.prototype.emit = function emit(this: EventEmitter, name: string | symbol, ...args: unknown[]) {
    if (name === 'request' && this instanceof http.Server) {
      trackRequest(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)
    } else if (name === 'data' && this instanceof http.IncomingMessage) {
      countDataChunk(this, args[0])
      if (tracing) traceChunk(requestIdOfIncoming(this), this, args[0])
    } else if (tracing) {
      if (name === 'connection' && this instanceof http.Server) traceConnection(args[0] as net.Socket)
      else if (name === 'end' && this instanceof http.IncomingMessage) traceBodyEnd(requestIdOfIncoming(this), this)
    }
    if (typeof name === 'string' && listenerCount.call(this, name) === 0) {
      if (name === 'error') {
        const where = locate(new Error().stack)
        if (where) {
          report({ t: 'mistake', code: 'unhandled-error-event', detail: `'error' was emitted with no 'error' listener`, requestId: null, where })
        }
      } else {
        const listened = eventNames.call(this).filter((n): n is string => typeof n === 'string')
        const near = nearestName(name, listened)
        if (near) {
          once(`emit:${near}:${name}`, () =>
            report({
              t: 'mistake',
              code: 'event-name-mismatch',
              detail: `'${name}' was emitted, but the listener waits for '${near}'`,
              requestId: this instanceof http.IncomingMessage ? requestIdOfIncoming(this) : null,
              where: locate(new Error().stack),
            }),
          )
        }
      }
    }
    if (name === 'request' && this instanceof http.Server) {
      try {
        return originalEmit.call(this, name, ...args)
      } finally {
        markHandled(args[0] as http.IncomingMessage)
        confirmIdle()
      }
    }
    return originalEmit.call(this, name, ...args)
  } as typeof EventEmitter.prototype.emit

  const watchListen = (original: (...a: never[]) => unknown) =>
    function addListener(this: EventEmitter, name: string | symbol, listener: unknown) {
      if (typeof name === 'string') {
        for (const [type, known] of KNOWN_EVENTS) {
          if (!(this instanceof type) || known.includes(name)) continue
          const near = nearestName(name, known)
          if (near) {
            once(`on:${type.name}:${name}`, () =>
              report({
                t: 'mistake',
                code: 'event-name-mismatch',
                detail: `a listener waits for '${name}', which ${type.name === 'Server' ? 'the server' : type.name} never emits; Node emits '${near}'`,
                requestId: null,
                where: locate(new Error().stack),
              }),
            )
          }
          break
        }
      }
      return original.call(this, name as never, listener as never)
    }

  const proto = EventEmitter.prototype as unknown as Record<string, (...a: never[]) => unknown>
  const on = watchListen(proto.on!)
  proto.on = on as never
  proto.addListener = on as never
  proto.prependListener = watchListen(proto.prependListener!) as never
}
