// Proves the GitHub Classroom template: actionlint (a real linter of GitHub Actions workflows)
// finds nothing in it; the grade step writes the Classroom result it hands on and the reporter
// reads exactly the runner that step names; the workbook's settings are required (a loud failure,
// never the learner's own checks); Node 24, npm's cache, a concurrency group, current actions.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

type Step = { id?: string; name?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string | number> }
type Workflow = { name: string; on: Record<string, unknown>; concurrency: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, { name: string; steps: Step[] }> }
const file = join(import.meta.dirname, '..', 'templates', 'github-classroom', '.github', 'workflows', 'classroom.yml')
const text = readFileSync(file, 'utf8')
const workflow = parse(text) as Workflow
const temp = mkdtempSync(join(tmpdir(), 'grade-template-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

function actionlint(...files: string[]): { file: string; line: number; message: string; kind: string }[] {
  const run = spawnSync(process.execPath, [join(import.meta.dirname, 'actionlint.cjs'), ...files], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as { file: string; line: number; message: string; kind: string }[]
}

describe('the GitHub Classroom workflow template', () => {
  const job = workflow.jobs['run-autograding-tests']!

  it('passes actionlint, which does catch a broken workflow', () => {
    const broken = join(temp, 'broken.yml')
    writeFileSync(broken, text.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-lastest').replace('${{ vars.WORKBOOK_REPOSITORY }}', '${{ var.WORKBOOK_REPOSITORY }}'))
    expect(actionlint(file)).toEqual([])
    const found = actionlint(broken)
    expect(found.map((f) => f.kind).sort()).toEqual(expect.arrayContaining(['expression', 'runner-label']))
  }, 60_000)

  it('grades with the workbook command and writes the Classroom result', () => {
    const grade = job.steps.find((step) => step.id === 'grade')!
    expect(grade.run).toContain('npm run -s grade -- ../class --lessons "$LESSONS" --isolation required --out ../grading-results --classroom ../grading-results/classroom.json')
    expect(grade.run).toContain('base64 -w0 ../grading-results/classroom.json')
  })

  it('installs bubblewrap and lifts the AppArmor restriction on user namespaces before it grades', () => {
    const names = job.steps.map((step) => step.name ?? step.uses ?? '')
    const install = job.steps.find((step) => step.name === 'Install the OS sandbox (bubblewrap)')!
    expect(install.run).toContain('apt-get install -y -qq --no-install-recommends bubblewrap')
    expect(install.run).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0')
    expect(names.indexOf('Install the OS sandbox (bubblewrap)')).toBeLessThan(names.indexOf('Grade'))
  })

  it('hands that result to the reporter under the runner name it reads', () => {
    const reporter = job.steps.find((step) => step.uses?.startsWith('classroom-resources/autograding-grading-reporter'))!
    const runner = String(reporter.with!.runners)
    expect(reporter.env![`${runner.toUpperCase()}_RESULTS`]).toBe(`\${{ steps.${runner}.outputs.result }}`)
    expect(job.name).toBe('Autograding Tests')
  })

  it('publishes the JUnit file the grade writes', () => {
    const junit = job.steps.find((step) => step.uses?.startsWith('mikepenz/action-junit-report'))!
    expect(junit.with!.report_paths).toBe('grading-results/junit.xml')
  })

  it('fails loudly without WORKBOOK_REPOSITORY and never grades with the learner\'s own checks', () => {
    expect(text).not.toContain('|| github.repository')
    const checkout = job.steps.find((step) => step.name?.startsWith('Check out the workbook'))!
    expect(checkout.with!.repository).toBe('${{ vars.WORKBOOK_REPOSITORY }}')
    const require = job.steps[0]!
    expect(require.env!.WORKBOOK_REPOSITORY).toBe('${{ vars.WORKBOOK_REPOSITORY }}')
    const run = (value: string) => spawnSync('bash', ['-e', '-c', require.run!], { encoding: 'utf8', env: { PATH: process.env.PATH, WORKBOOK_REPOSITORY: value, HAS_TOKEN: 'false' } })
    const unset = run('')
    expect(unset.status).toBe(1)
    expect(unset.stdout).toMatch(/^::error title=WORKBOOK_REPOSITORY is not set::.*Nothing was graded\.$/m)
    expect(run('teacher/workbook').status).toBe(0)
  })

  it('runs on Node 24 with npm\'s cache, one run per branch at a time, with current actions', () => {
    const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))!
    expect(setup.with).toMatchObject({ 'node-version': 24, cache: 'npm', 'cache-dependency-path': 'workbook/package-lock.json' })
    expect(workflow.concurrency).toEqual({ group: 'autograding-${{ github.repository }}-${{ github.ref }}', 'cancel-in-progress': true })
    const uses = job.steps.flatMap((step) => (step.uses ? [step.uses] : []))
    expect(uses).toEqual([
      'actions/checkout@v6',
      'actions/checkout@v6',
      'actions/setup-node@v6',
      'classroom-resources/autograding-grading-reporter@v1',
      'mikepenz/action-junit-report@v6',
      'actions/upload-artifact@v7',
    ])
  })
})
