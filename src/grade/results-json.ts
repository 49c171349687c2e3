/**
 * results.json: one list of the contract's result objects, each with a `learner` field first, and
 * `missing` (why) last on a lesson that was not handed in.
 */
import { toContractJson } from '../report/json.ts'
import type { GradedLesson } from './grade-one.ts'

export function toResultsJson(graded: GradedLesson[]) {
  return graded.map(({ learner, result, missing }) => ({ learner, ...toContractJson(result), ...(missing ? { missing } : {}) }))
}
