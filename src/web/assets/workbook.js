// The web workbook's page script: live verdicts from the server's event stream, drawn with DOM
// calls (learner strings always become text, never markup), and the buttons: check now, copy,
// next hint, quiz answers, the solution. Plain browser JavaScript, served as a file: the page's
// Content-Security-Policy allows no other script.
'use strict'

;(() => {
  const lesson = Number(document.body.dataset.lesson)
  const byId = (id) => document.getElementById(id)

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag)
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue
      if (name === 'class') node.className = value
      else node.setAttribute(name, value === true ? '' : String(value))
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue
      node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child)
    }
    return node
  }

  function setStatus(text, tone) {
    const status = byId('status')
    status.textContent = text
    status.dataset.tone = tone || ''
  }

  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lesson, ...body }) })
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`)
    return response.json()
  }

  // ── copy buttons ─────────────────────────────────────────────────────────────
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.copy') : null
    if (!button) return
    const label = button.textContent
    const done = (text) => {
      button.textContent = text
      setTimeout(() => (button.textContent = label), 1500)
    }
    navigator.clipboard.writeText(button.dataset.copy || '').then(
      () => done('Copied'),
      () => done('Select it and copy'),
    )
  })

  // ── check now, and the live verdicts ────────────────────────────────────────
  byId('check-now').addEventListener('click', () => {
    setStatus('Checking…', 'busy')
    post('/api/check').catch((error) => setStatus(`Could not ask for a check: ${error.message}`, 'bad'))
  })

  let connected = false
  const stream = new EventSource('/events')
  stream.addEventListener('open', () => {
    if (connected === null) setStatus('Connected again.', '')
    connected = true
  })
  stream.addEventListener('checking', (event) => {
    const data = JSON.parse(event.data)
    if (data.lesson === lesson) setStatus(`Checking (${data.why})…`, 'busy')
  })
  stream.addEventListener('verdict', (event) => {
    const verdict = JSON.parse(event.data)
    if (verdict.lesson === lesson) showVerdict(verdict)
  })
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED) {
      setStatus('This page lost its workbook: run `npm run lesson -- ' + lesson + ' --web` again and open the new address.', 'bad')
    } else if (connected) {
      connected = null
      setStatus('The workbook is not answering (stopped?). Trying again…', 'bad')
    }
  })

  function showVerdict(verdict) {
    const box = byId('verdict')
    document.body.classList.remove('passed', 'failing')
    if (verdict.state === 'missing') {
      setStatus(`✖ There is no ${verdict.file} yet: create it, then save.`, 'bad')
      box.replaceChildren()
      return
    }
    if (verdict.state === 'error') {
      setStatus(`✖ The check could not run: ${verdict.message}`, 'bad')
      box.replaceChildren()
      return
    }
    // Details the learner opened stay open across verdicts (a save must not fold what they read).
    const open = new Set([...box.querySelectorAll('details[open][data-check]')].map((details) => details.dataset.check))
    const total = verdict.checks.length
    const passing = verdict.checks.filter((check) => check.status === 'pass').length
    const points = `${verdict.score}/${verdict.maxScore} points`
    document.body.classList.add(verdict.passed ? 'passed' : 'failing')
    setStatus(verdict.passed ? `✔ All ${total} checks pass (${points}).` : `✖ ${passing} of ${total} checks pass (${points}).`, verdict.passed ? 'good' : 'bad')
    fill(
      box,
      verdict.passed ? celebration(verdict) : null,
      verdict.notGraded.length ? el('p', { class: 'muted' }, `Graded ${verdict.file}, the one saved last; not graded: ${verdict.notGraded.join(', ')}`) : null,
      verdict.passed ? null : causes(verdict),
      el('h3', {}, 'Every check'),
      el('ul', { class: 'check-list' }, verdict.checks.map((check, index) => checkItem(check, index, verdict))),
      el('p', { class: 'muted' }, `seed ${verdict.seed} · ${verdict.durationMs} ms`),
    )
    for (const details of box.querySelectorAll('details[data-check]')) if (open.has(details.dataset.check)) details.open = true
    const badge = byId('badge')
    badge.textContent = verdict.passed ? `✔ ${passing}/${total}` : `✖ ${passing}/${total}`
    badge.dataset.tone = verdict.passed ? 'good' : 'bad'
    badge.setAttribute('aria-label', `${passing} of ${total} checks pass: go to the checks`)
    markLesson(verdict)
  }

  /** replaceChildren, without the nulls of parts left out. */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false))
  }

  function celebration(verdict) {
    const next = verdict.next
    return el(
      'p',
      { class: 'celebrate' },
      verdict.firstPass ? `🎉 Lesson ${verdict.lesson} passed!` : '🎉 Still passing.',
      next ? [' Next: ', el('a', { href: `/lesson/${next.number}` }, `lesson ${next.number} (${next.title})`)] : ' That was the last lesson: well done.',
    )
  }

  /** Failures grouped by cause, what to fix first first; the first check of each stands for it. */
  function causes(verdict) {
    return el(
      'section',
      { class: 'causes', 'aria-label': 'What to fix' },
      el('h3', {}, verdict.causes.length > 1 ? `What to fix (${verdict.causes.length} causes, first things first)` : 'What to fix'),
      verdict.causes.map((cause, index) => {
        const check = verdict.checks[cause.first]
        const others = cause.checks.map((at) => verdict.checks[at].title)
        const heading = check.explanation
          ? [el('span', { class: 'diagnosis' }, `${check.explanation.name} `, el('code', {}, `[${check.diagnosis}]`)), check.where ? [' at ', el('code', {}, check.where)] : null]
          : [check.title]
        return el(
          'article',
          { class: 'cause' },
          el('h4', {}, verdict.causes.length > 1 ? `${index + 1}. ` : '', heading),
          el('p', {}, check.message),
          check.detail ? el('p', {}, check.detail) : null,
          check.explanation ? el('p', { class: 'explain' }, check.explanation.explain) : null,
          others.length > 1 ? el('p', { class: 'muted' }, `Fails ${others.length} checks: ${others.join('; ')}`) : null,
          details(check),
        )
      }),
    )
  }

  function checkItem(check, index, verdict) {
    const mark = { pass: '✔', fail: '✖', error: '✖', skip: '–' }[check.status] || '?'
    const cause = verdict.causes.findIndex((c) => c.checks.includes(index))
    return el(
      'li',
      { class: `check ${check.status}` },
      el(
        'details',
        { 'data-check': check.id },
        el('summary', {}, el('span', { class: 'mark', 'aria-hidden': 'true' }, mark), ' ', check.title, ' ', el('span', { class: 'muted' }, `(${check.points}/${check.maxPoints})`), el('span', { class: 'visually-hidden' }, ` ${check.status === 'pass' ? 'passed' : check.status === 'skip' ? 'skipped' : 'failed'}`), cause !== -1 && verdict.causes.length > 1 ? el('span', { class: 'muted' }, ` → ${cause + 1}`) : null),
        check.status === 'pass' ? null : el('p', {}, check.message),
        details(check),
      ),
    )
  }

  /** What was sent, what came back, what was expected, the line to try it, and the timeline. */
  function details(check) {
    const parts = []
    const exchange = check.exchange
    if (exchange) {
      const { request, response } = exchange
      const sent = `${request.method} ${request.path}` + Object.entries(request.headers || {}).map(([name, value]) => `\n${name}: ${value}`).join('')
      parts.push(block('sent', sent + (request.body !== null ? `\n\n${request.body}` : ''), request.body !== null ? `${request.bodyBytes} bytes${request.pieces > 1 ? ` in ${request.pieces} pieces` : ''}` : null))
      if (response) {
        const head = `${response.status} ${response.statusMessage}` + Object.entries(response.headers).map(([name, value]) => `\n${name}: ${value}`).join('')
        parts.push(block('received', head + (response.bodyBytes ? `\n\n${response.body}` : ''), response.bodyBytes ? `${response.bodyBytes} bytes of body` : 'no body'))
      } else {
        parts.push(block('received', `nothing (${exchange.error || 'no response'})`))
      }
    }
    if (check.transcript && check.transcript.length) parts.push(block('conversation', check.transcript.join('\n')))
    if (check.diff) parts.push(diffBlock('expected against actual', check.diff, '− expected', '+ actual'))
    else if (check.expected !== null && check.actual !== null && check.status !== 'pass') parts.push(block('expected', check.expected), block('actual', check.actual))
    if (check.curl) parts.push(el('div', { class: 'labelled' }, el('p', { class: 'label' }, 'try it'), copyable(check.curl)))
    if (check.timeline && check.timeline.length) parts.push(sequenceDiagram(check.timeline))
    return parts.length ? el('div', { class: 'details' }, parts) : null
  }

  function block(label, text, note) {
    return el('div', { class: 'labelled' }, el('p', { class: 'label' }, label, note ? el('span', { class: 'muted' }, ` · ${note}`) : null), el('pre', {}, el('code', {}, text)))
  }

  function copyable(text) {
    return el('div', { class: 'copyable' }, el('pre', {}, el('code', {}, text)), el('button', { type: 'button', class: 'copy', 'data-copy': text, 'aria-label': `Copy: ${text}` }, 'Copy'))
  }

  function diffBlock(label, lines, minus, plus) {
    return el(
      'div',
      { class: 'labelled' },
      el('p', { class: 'label' }, label, ' ', el('span', { class: 'removed-key' }, minus), ' ', el('span', { class: 'added-key' }, plus)),
      el(
        'pre',
        { class: 'diff' },
        lines.map((line) => {
          const sign = { removed: '− ', added: '+ ', same: '  ', gap: '  ' }[line.kind]
          return el('span', { class: `line ${line.kind}` }, sign + (line.kind === 'gap' ? '…' : line.text), '\n')
        }),
      ),
    )
  }

  // ── the timeline, as a sequence diagram between the client and the learner's server ──
  const TO_SERVER = ['connect', 'request', 'body-chunk']
  function sequenceDiagram(events) {
    const rows = []
    let exchange
    for (const event of events) {
      if (event.exchange !== undefined && event.exchange !== exchange && events.some((e) => e.exchange !== undefined && e.exchange !== event.exchange)) {
        rows.push(el('li', { class: 'exchange' }, `exchange ${event.exchange + 1}`))
      }
      exchange = event.exchange
      const time = el('span', { class: 't' }, `${formatMs(event.at)} ms`)
      const where = event.where ? el('code', { class: 'where' }, event.where) : null
      if (event.side === 'client' && TO_SERVER.includes(event.kind)) {
        rows.push(el('li', { class: `ev arrow to-server kind-${event.kind}` }, time, el('span', { class: 'msg' }, el('span', { class: 'visually-hidden' }, 'client to server: '), event.text)))
      } else if (event.kind === 'response') {
        rows.push(el('li', { class: 'ev arrow to-client kind-response' }, time, el('span', { class: 'msg' }, el('span', { class: 'visually-hidden' }, 'server to client: '), event.text)))
      } else {
        rows.push(el('li', { class: `ev note on-${event.side} kind-${event.kind}` }, time, el('span', { class: 'msg' }, el('span', { class: 'visually-hidden' }, `${event.side === 'server' ? 'your server' : 'client'}: `), event.text, where ? [' ', where] : null)))
      }
    }
    return el(
      'figure',
      { class: 'timeline' },
      el('figcaption', {}, 'Timeline: what happened between the client and your server'),
      el('ol', { class: 'seq' }, el('li', { class: 'lanes', 'aria-hidden': 'true' }, el('span', { class: 't' }, 'time'), el('span', { class: 'lane client' }, 'client'), el('span', { class: 'lane server' }, 'your server')), rows),
    )
  }

  const formatMs = (ms) => (ms < 10 ? ms.toFixed(1) : String(Math.round(ms)))

  function markLesson(verdict) {
    const item = document.querySelector(`nav li[data-lesson="${verdict.lesson}"]`)
    if (item && verdict.passed && !item.classList.contains('state-passed')) {
      item.className = 'state-passed'
      const mark = item.querySelector('.mark')
      if (mark) mark.textContent = '✔'
      const state = item.querySelector('.visually-hidden')
      if (state) state.textContent = '(passed)'
      const count = byId('passed-count')
      if (count) count.textContent = String(document.querySelectorAll('nav li.state-passed').length)
    }
    const solution = byId('show-solution')
    if (solution && verdict.passed && solution.dataset.passed !== 'true') {
      solution.dataset.passed = 'true'
      solution.textContent = 'Show the solution'
      byId('solution-note').textContent = 'You passed: compare your file with the reference solution.'
    }
  }

  // ── hints, one at a time ───────────────────────────────────────────────────
  const hintButton = byId('next-hint')
  if (hintButton) {
    hintButton.addEventListener('click', async () => {
      const hint = await post('/api/hint')
      if (hint.html) {
        const item = el('li', { tabindex: '-1' })
        item.innerHTML = hint.html.replace(/^<li>|<\/li>$/g, '') // the lesson's own text, rendered by the workbook
        byId('hints').append(item)
        item.focus()
      }
      hintButton.textContent = hint.button || hintButton.textContent
      if (hint.done || hint.seen >= hint.total) hintButton.disabled = true
    })
  }

  // ── the quiz ───────────────────────────────────────────────────────────────
  const answered = new Map()
  for (const form of document.querySelectorAll('form.question')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      const picked = form.querySelector('input[type=radio]:checked')
      if (!picked) return
      const question = Number(form.dataset.question)
      const answer = await post('/api/quiz', { question, choice: Number(picked.value) })
      const box = form.querySelector('.answer')
      const verdict = el('p', { class: answer.right ? 'right' : 'wrong' }, answer.right ? '✔ Right.' : '✖ Not quite. The answer is: ')
      if (!answer.right) verdict.append(html('span', answer.answer))
      box.replaceChildren(verdict, html('p', answer.explanation))
      answered.set(question, answer.right)
      const total = document.querySelectorAll('form.question').length
      if (answered.size === total) {
        const right = [...answered.values()].filter(Boolean).length
        byId('quiz-score').textContent = `Quiz done: ${right} of ${total} right.${right === total ? '' : ' Take it again any time.'}`
      }
    })
  }

  /** The workbook's own rendering of the lesson's Markdown (never a learner string). */
  function html(tag, markup) {
    const node = document.createElement(tag)
    node.innerHTML = markup
    return node
  }

  // ── the solution, as a diff against the learner's file ─────────────────────
  const solutionButton = byId('show-solution')
  if (solutionButton) {
    solutionButton.addEventListener('click', async () => {
      const passed = solutionButton.dataset.passed === 'true'
      if (!passed && !window.confirm('You have not passed this lesson yet. Seeing the solution now spoils the puzzle. Show it anyway?')) return
      const response = await fetch(`/api/solution?lesson=${lesson}${passed ? '' : '&spoil=1'}`)
      const solution = await response.json()
      const box = byId('solution')
      if (solution.state === 'none') box.replaceChildren(el('p', {}, solution.message))
      else if (solution.state === 'diff') {
        fill(
          box,
          el('p', {}, el('strong', {}, 'Solution: '), el('code', {}, solution.solution)),
          solution.same ? el('p', { class: 'right' }, 'Your file is the same as the solution.') : diffBlock(`your ${solution.mine} against the solution`, solution.lines, `− yours`, '+ the solution'),
        )
      }
    })
  }
})()
