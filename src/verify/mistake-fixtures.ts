/**
 * Mistake fixtures: `test/fixtures/mistakes/NN-slug/<code>[.variant]/` holds a program with one
 * known mistake; the folder name says which diagnosis it must produce. A fixture with a
 * `fixture.json` of `{ "base": "solution" }` holds only the files it changes: the rest comes
 * from the lesson's reference solution (its `public/` folder, an unchanged `app.ts`).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { entryCandidates } from '../curriculum/entry-file.ts'
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import { ROOT } from '../runner/paths.ts'

export type MistakeFixture = { lessonId: string; name: string; dir: string; code: DiagnosisCode; onSolution: boolean }

export const MISTAKES_DIR = join(ROOT, 'test', 'fixtures', 'mistakes')
const MANIFEST = 'fixture.json'

export function listMistakeFixtures(lessonId: string): MistakeFixture[] {
  const dir = join(MISTAKES_DIR, lessonId)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const code = entry.name.split('.')[0] as DiagnosisCode
      if (!DIAGNOSIS_CODES.includes(code)) throw new Error(`${join(dir, entry.name)}: "${code}" is not a diagnosis code`)
      const fixtureDir = join(dir, entry.name)
      return { lessonId, name: entry.name, dir: fixtureDir, code, onSolution: basedOnSolution(fixtureDir) }
    })
}

function basedOnSolution(dir: string): boolean {
  const manifest = join(dir, MANIFEST)
  if (!existsSync(manifest)) return false
  const { base } = JSON.parse(readFileSync(manifest, 'utf8')) as { base?: unknown }
  if (base !== 'solution') throw new Error(`${manifest}: "base" must be "solution"`)
  return true
}

/**
 * The folder to grade for a fixture: itself, or a temporary copy of the solution with the
 * fixture's files laid over it (an entry in another style replaces the solution's entry).
 */
export function materialize(fixture: MistakeFixture, solutionDir: string): { dir: string; remove: () => void } {
  if (!fixture.onSolution) return { dir: fixture.dir, remove: () => {} }
  const dir = mkdtempSync(join(tmpdir(), `workbook-${fixture.lessonId}-${fixture.name}-`))
  cpSync(solutionDir, dir, { recursive: true })
  const own = readdirSync(fixture.dir)
  const styles = (file: string) => entryCandidates(basename(file, extname(file)) + '.ts')
  for (const file of own) for (const other of styles(file)) if (other !== file && existsSync(join(dir, other))) rmSync(join(dir, other))
  cpSync(fixture.dir, dir, { recursive: true, filter: (source) => basename(source) !== MANIFEST })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
