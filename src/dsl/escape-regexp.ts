/**
 * Text made safe to put inside a RegExp, matching itself only (`RegExp.escape` arrives with
 * Node 24; the workbook also runs on 20 and 22).
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
