/**
 * Mistake fixtures: `test/fixtures/mistakes/NN-slug/<code>[.variant]/` holds a program with one
 * known mistake; the folder name says which diagnosis it must produce.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import { ROOT } from '../runner/paths.ts'

export type MistakeFixture = { lessonId: string; name: string; dir: string; code: DiagnosisCode }

export const MISTAKES_DIR = join(ROOT, 'test', 'fixtures', 'mistakes')

export function listMistakeFixtures(lessonId: string): MistakeFixture[] {
  const dir = join(MISTAKES_DIR, lessonId)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const code = entry.name.split('.')[0] as DiagnosisCode
      if (!DIAGNOSIS_CODES.includes(code)) throw new Error(`${join(dir, entry.name)}: "${code}" is not a diagnosis code`)
      return { lessonId, name: entry.name, dir: join(dir, entry.name), code }
    })
}
