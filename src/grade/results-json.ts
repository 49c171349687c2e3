/**
 * results.json: one list of the contract's result objects, each with a `learner` field first, and
 * `missing` (why) on a lesson that was not handed in, and `isolation` last: how the program was
 * isolated (`os-sandbox`, `permission-model` or `none`).
 */
import { toContractJson } from '../report/json.ts'
import type { GradedLesson } from './grade-one.ts'

export function toResultsJson(graded: GradedLesson[]) {
  return graded.map(({ learner, result, missing, isolation }) => ({ learner, ...toContractJson(result), ...(missing ? { missing } : {}), ...(isolation ? { isolation } : {}) }))
}
