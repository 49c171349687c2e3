/** Everything a lesson's checks file needs. */
export { defineChecks, flow, moduleCheck } from './define.ts'
export type { HttpCheckContext, ModuleCheckContext, ProgramView, LessonChecks, LargeFileRead, SeenMistake } from './define.ts'
export { request, get, head, post, put, patch, del, options, RequestCheck } from './request.ts'
export { anyNumber, anyString, nonEmptyString, positiveInteger, satisfies, matchJson, show } from './json-match.ts'
export { bodyText, headerValue, mediaType } from './exchange.ts'
export type { Exchange } from './exchange.ts'
export { CheckFailure } from './failure.ts'
export { exported } from './module-exports.ts'
