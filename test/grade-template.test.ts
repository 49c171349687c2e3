// Proves the GitHub Classroom template is wired together: valid YAML, the grade step writes the
// Classroom result it hands on, and the reporter reads exactly the runner that step names.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

type Step = { id?: string; name?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }
const file = join(import.meta.dirname, '..', 'templates', 'github-classroom', '.github', 'workflows', 'classroom.yml')
const workflow = parse(readFileSync(file, 'utf8')) as { name: string; jobs: Record<string, { name: string; steps: Step[] }> }

describe('the GitHub Classroom workflow template', () => {
  const job = workflow.jobs['run-autograding-tests']!
  it('grades with the workbook command and writes the Classroom result', () => {
    const grade = job.steps.find((step) => step.id === 'grade')!
    expect(grade.run).toContain('npm run grade -- ../class --lessons "$LESSONS" --out ../grading-results --classroom ../grading-results/classroom.json')
    expect(grade.run).toContain('base64 -w0 ../grading-results/classroom.json')
  })
  it('hands that result to the reporter under the runner name it reads', () => {
    const reporter = job.steps.find((step) => step.uses?.startsWith('classroom-resources/autograding-grading-reporter'))!
    const runner = reporter.with!.runners!
    expect(reporter.env![`${runner.toUpperCase()}_RESULTS`]).toBe(`\${{ steps.${runner}.outputs.result }}`)
    expect(job.name).toBe('Autograding Tests')
  })
  it('publishes the JUnit file the grade writes', () => {
    const junit = job.steps.find((step) => step.uses?.startsWith('mikepenz/action-junit-report'))!
    expect(junit.with!.report_paths).toBe('grading-results/junit.xml')
  })
})
