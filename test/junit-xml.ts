/**
 * Reads a junit.xml as CI tools do, with a strict XML parser: anything not well formed (an
 * unescaped `<`, an unknown entity, a tag left open) throws, and text comes back unescaped.
 */
import { DOMParser, type Element } from '@xmldom/xmldom'

export type JunitOutcome = { tag: 'failure' | 'error' | 'skipped'; message: string; type: string | null; text: string }
export type JunitCase = { classname: string; name: string; time: string; properties: Record<string, string>; outcome: JunitOutcome | null }
export type JunitCounts = { tests: number; failures: number; errors: number; skipped: number }
export type JunitSuite = { name: string; counts: JunitCounts; properties: Record<string, string>; cases: JunitCase[] }
export type JunitReport = { name: string; counts: JunitCounts; suites: JunitSuite[] }

export function parseJunit(xml: string): JunitReport {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`junit.xml is not well formed: ${message}`)
    },
  }).parseFromString(xml, 'text/xml')
  const root = document.documentElement
  if (!root || root.tagName !== 'testsuites') throw new Error(`junit.xml's root is <${root?.tagName}>, not <testsuites>`)
  return {
    name: root.getAttribute('name') ?? '',
    counts: counts(root),
    suites: children(root, 'testsuite').map((suite) => ({
      name: suite.getAttribute('name') ?? '',
      counts: counts(suite),
      properties: properties(suite),
      cases: children(suite, 'testcase').map((testcase) => ({
        classname: testcase.getAttribute('classname') ?? '',
        name: testcase.getAttribute('name') ?? '',
        time: testcase.getAttribute('time') ?? '',
        properties: properties(testcase),
        outcome: outcome(testcase),
      })),
    })),
  }
}

/** The counts a reader takes from a testsuite's or testsuites' attributes (a missing one reads as NaN). */
function counts(element: Element): JunitCounts {
  const count = (name: string) => (element.hasAttribute(name) ? Number(element.getAttribute(name)) : Number.NaN)
  return { tests: count('tests'), failures: count('failures'), errors: count('errors'), skipped: count('skipped') }
}

function outcome(testcase: Element): JunitOutcome | null {
  const found = (['failure', 'error', 'skipped'] as const).flatMap((tag) => children(testcase, tag).map((element) => ({ tag, element })))
  if (found.length > 1) throw new Error(`testcase "${testcase.getAttribute('name')}" has ${found.length} outcomes`)
  const [first] = found
  if (!first) return null
  return { tag: first.tag, message: first.element.getAttribute('message') ?? '', type: first.element.getAttribute('type'), text: first.element.textContent ?? '' }
}

function properties(element: Element): Record<string, string> {
  const [list] = children(element, 'properties')
  if (!list) return {}
  return Object.fromEntries(children(list, 'property').map((property) => [property.getAttribute('name') ?? '', property.getAttribute('value') ?? '']))
}

function children(element: Element, tagName: string): Element[] {
  return Array.from(element.childNodes).filter((node): node is Element => node.nodeType === node.ELEMENT_NODE && (node as Element).tagName === tagName)
}
