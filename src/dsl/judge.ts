/**
 * Turns an exchange and a request's expectations into a pass, or a failure that says why. The
 * same judge serves `t.send` (the exchange just made) and `t.judge` (one made earlier, e.g. the
 * first 429 of a burst, which cannot be asked for twice).
 */
import type { Exchange } from './exchange.ts'
import type { JudgeContext } from './expectations.ts'
import { CheckFailure } from './failure.ts'
import type { RequestCheck } from './request.ts'

export function judgeExchange(check: RequestCheck, exchange: Exchange, context: JudgeContext): void {
  const { response, error } = exchange
  if (!response || error) {
    throw new CheckFailure(noAnswer(exchange), {
      expected: check.expectations.map((expectation) => expectation.describe).join(', ') || 'a response',
      actual: error?.message ?? 'no response',
      exchange,
    })
  }
  const mismatches = check.expectations.flatMap((expectation) => expectation.evaluate(response, exchange, context) ?? [])
  if (mismatches.length === 0) return
  const [first, ...others] = mismatches
  const also = others.length ? `; also ${others.map((m) => m.message).join('; ')}` : ''
  const diagnosis = mismatches.find((m) => m.diagnosis)?.diagnosis
  throw new CheckFailure(first!.message + also, {
    expected: first!.expected,
    actual: first!.actual,
    exchange,
    ...(diagnosis ? { diagnosis } : {}),
  })
}

/** The second of several requests did not travel on the first one's kept-alive connection. */
export function failNotKeptAlive(exchange: Exchange): never {
  throw new CheckFailure('expected the second request to travel on the same kept-alive connection, but the server had closed it', {
    expected: 'one connection for both requests',
    actual: 'a new connection',
    exchange,
  })
}

function noAnswer({ request, response, error }: Exchange): string {
  const what = `${request.method} ${request.path}`
  if ((error?.code === 'TIMEOUT' || error?.code === 'STALLED') && response) {
    return `${what}: the response started (status ${response.status}) but never ended; ${error.message}`
  }
  switch (error?.code) {
    case 'TIMEOUT':
    case 'STALLED':
      return `${what}: no response; ${error.message}`
    case 'ECONNREFUSED':
      return `${what}: connection refused; the server is not listening (did it stop or crash?)`
    case 'ECONNRESET':
    case 'EPIPE':
      return `${what}: the server closed the connection without answering`
    default:
      return `${what}: ${error?.message ?? 'no response'}`
  }
}
