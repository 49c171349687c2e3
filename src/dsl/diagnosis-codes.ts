/** The contract's diagnosis codes (`../shared/curriculum.md`): stable names, one per mistake. */
export const DIAGNOSIS_CODES = [
  'never-listened',
  'crashed',
  'missing-end',
  'headers-after-body',
  'write-after-end',
  'req-body-undefined',
  'missing-content-type',
  'wrong-content-type',
  'invalid-body-type',
  'split-multibyte',
  'first-chunk-only',
  'event-name-mismatch',
  'unhandled-error-event',
  'blocked-event-loop',
  'path-traversal',
  'buffered-whole-body',
  'ignored-backpressure',
  'write-after-close',
] as const

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number]
