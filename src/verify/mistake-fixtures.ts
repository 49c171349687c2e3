/**
 * Mistake fixtures: `test/fixtures/mistakes/NN-slug/<code>[.variant]/` holds a program with one
 * known mistake; the folder name says which diagnosis it must produce. A `wrong-answer.<variant>`
 * fixture is a plain wrong answer with no diagnosis: its `fixture.json` lists the checks it must
 * fail (`"fails": ["get-root"]`). A `fixture.json` with `"base": "solution"` means the folder
 * holds only the files it changes: the rest comes from the lesson's reference solution.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { entryCandidates } from '../curriculum/entry-file.ts'
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import { ROOT } from '../runner/paths.ts'

export type MistakeFixture = {
  lessonId: string
  name: string
  dir: string
  /** The diagnosis it must produce, or null for a wrong answer (see `mustFail`). */
  code: DiagnosisCode | null
  /** Check ids it must fail (a wrong answer's whole expectation). */
  mustFail: string[]
  onSolution: boolean
}

export const WRONG_ANSWER = 'wrong-answer'

export const MISTAKES_DIR = join(ROOT, 'test', 'fixtures', 'mistakes')
const MANIFEST = 'fixture.json'

export function listMistakeFixtures(lessonId: string): MistakeFixture[] {
  const dir = join(MISTAKES_DIR, lessonId)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort(byName) // the order the report lists them in, the same on every file system
    .map((entry) => {
      const fixtureDir = join(dir, entry.name)
      const kind = entry.name.split('.')[0]!
      const { base, fails } = readManifest(fixtureDir)
      if (kind === WRONG_ANSWER) {
        if (!fails.length) throw new Error(`${fixtureDir}: a wrong answer lists the checks it must fail ("fails") in ${MANIFEST}`)
        return { lessonId, name: entry.name, dir: fixtureDir, code: null, mustFail: fails, onSolution: base }
      }
      if (!DIAGNOSIS_CODES.includes(kind as DiagnosisCode)) throw new Error(`${fixtureDir}: "${kind}" is not a diagnosis code or ${WRONG_ANSWER}`)
      return { lessonId, name: entry.name, dir: fixtureDir, code: kind as DiagnosisCode, mustFail: fails, onSolution: base }
    })
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

function readManifest(dir: string): { base: boolean; fails: string[] } {
  const manifest = join(dir, MANIFEST)
  if (!existsSync(manifest)) return { base: false, fails: [] }
  const { base, fails } = JSON.parse(readFileSync(manifest, 'utf8')) as { base?: unknown; fails?: unknown }
  if (base !== undefined && base !== 'solution') throw new Error(`${manifest}: "base" must be "solution"`)
  if (fails !== undefined && !(Array.isArray(fails) && fails.every((id) => typeof id === 'string'))) throw new Error(`${manifest}: "fails" must list check ids`)
  return { base: base === 'solution', fails: (fails as string[] | undefined) ?? [] }
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
