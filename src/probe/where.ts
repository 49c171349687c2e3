/** Finds the first stack frame that lies in the learner's own files. */
import { fileURLToPath } from 'node:url'
import type { SourceLocation } from './events.ts'

const FRAME = /(?:\(|\s)((?:file:\/\/)?\/[^()\s]+?):(\d+):(\d+)\)?\s*$/

export function makeLocator(learnerDir: string) {
  return function learnerFrame(stack: string | undefined): SourceLocation | null {
    for (const line of (stack ?? '').split('\n')) {
      const match = FRAME.exec(line)
      if (!match) continue
      const raw = match[1] ?? ''
      const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw
      if (!file.startsWith(learnerDir) || file.includes('/node_modules/')) continue
      return { file, line: Number(match[2]), column: Number(match[3]) }
    }
    return null
  }
}
