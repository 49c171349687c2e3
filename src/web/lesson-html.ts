/**
 * Lesson Markdown as HTML for the web page, its code highlighted on the server (highlight.js
 * core with the few languages the lessons use), so the page fetches nothing and runs no
 * highlighter of its own. The lessons are the workbook's own text; learner strings never pass here.
 */
import { Marked, type Tokens } from 'marked'
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import http from 'highlight.js/lib/languages/http'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import { escapeHtml } from './escape-html.ts'

hljs.registerLanguage('typescript', typescript)
hljs.registerLanguage('javascript', javascript)
hljs.registerLanguage('bash', bash)
hljs.registerLanguage('http', http)
hljs.registerLanguage('json', json)
hljs.registerLanguage('xml', xml)

/** The fence tags the lessons use, to the language that colours them (`text` stays plain). */
const LANGUAGES: Record<string, string> = { ts: 'typescript', typescript: 'typescript', js: 'javascript', javascript: 'javascript', sh: 'bash', bash: 'bash', http: 'http', json: 'json', html: 'xml' }

export function highlight(code: string, tag: string | undefined): string {
  const language = LANGUAGES[(tag ?? '').trim().split(/\s/)[0] ?? '']
  return language ? hljs.highlight(code, { language }).value : escapeHtml(code)
}

const marked = new Marked({
  renderer: {
    code(token: Tokens.Code) {
      const tag = (token.lang ?? '').split(/\s/)[0] ?? ''
      return `<pre><code class="hljs${tag ? ` language-${escapeHtml(tag)}` : ''}">${highlight(token.text, tag)}</code></pre>\n`
    },
  },
})

export function lessonHtml(markdown: string): string {
  return marked.parse(markdown, { async: false }) as string
}

/** A hint, an explanation: one paragraph of Markdown without the paragraph around it. */
export function inlineHtml(markdown: string): string {
  return marked.parseInline(markdown, { async: false }) as string
}
