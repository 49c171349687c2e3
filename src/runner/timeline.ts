/** The timeline of a check's exchanges: what the checks' client and the learner's server did, and when. */

/** One thing that happened during a check's exchange, as the learner's server and the client saw it. */
export type TimelineEvent = {
  /** milliseconds since the check's first request began (may be fractional; round for display) */
  at: number
  /** who acted: the checks' client, or the learner's server code */
  side: 'client' | 'server'
  kind: 'connect' | 'request' | 'body-chunk' | 'status' | 'set-header' | 'write-head' | 'write'
      | 'end' | 'finish' | 'response' | 'close' | 'threw'
  /** one short line, readable without colour: "GET /countdown HTTP/1.1", "write 12 B → false (buffer full)" */
  text: string
  /** the learner's file:line where the server did it, when known */
  where?: string
  /** which exchange of the check, from 0, when a check makes several requests */
  exchange?: number
}
