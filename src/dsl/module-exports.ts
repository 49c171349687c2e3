/**
 * Finds a learner's export whatever module style they wrote: `export class X`, `export default X`,
 * `module.exports = X` or `module.exports = { X }`.
 */
export function exported(exports: Record<string, unknown>, name: string): unknown {
  if (name in exports && exports[name] !== undefined) return exports[name]
  const fallback = exports.default
  if (fallback && typeof fallback === 'object' && name in fallback) return (fallback as Record<string, unknown>)[name]
  if (typeof fallback === 'function' && (fallback.name === name || fallback.name === 'default' || fallback.name === '')) return fallback
  return undefined
}
