/** How a check says it failed or does not apply. Thrown inside a check, caught by the runner. */
import type { Exchange } from './exchange.ts'
import type { DiagnosisCode } from './diagnosis-codes.ts'
import type { TcpTranscript } from './tcp-client.ts'

export type FailureDetails = {
  expected?: string
  actual?: string
  exchange?: Exchange
  /** A diagnosis the check itself observed (e.g. a split character came back corrupted). */
  diagnosis?: DiagnosisCode
  /** A raw TCP conversation (`t.talk`): shown as a transcript, with its line to replay it by hand. */
  conversation?: TcpTranscript
}

export class CheckFailure extends Error {
  readonly details: FailureDetails
  constructor(message: string, details: FailureDetails = {}) {
    super(message)
    this.name = 'CheckFailure'
    this.details = details
  }
}

export class CheckSkipped extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'CheckSkipped'
  }
}
