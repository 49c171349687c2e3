/**
 * report.html: one self-contained page (inline CSS and JS, nothing fetched). A heatmap of
 * learners × lessons (click a cell for its checks), the diagnoses most seen in the class, and
 * each learner's failures with what a learner sees. Every learner-controlled string is escaped;
 * the script only ever sets textContent.
 */
import { EXPLANATIONS } from '../report/explanations.ts'
import type { CheckResult } from '../runner/results.ts'
import { escapeMarkup as x, scriptJson } from './escape.ts'
import type { ClassSummary } from './summary.ts'

export type HtmlMeta = { generatedAt: string; seed: number; durationMs: number; protections: string[]; node: string }

export function toHtml(summary: ClassSummary, meta: HtmlMeta): string {
  const cells = summary.rows.map((row) =>
    summary.lessons.map((lesson) => {
      const result = row.results.get(lesson.number)
      if (!result) return null
      const missing = row.missing.get(lesson.number)
      return { learner: row.learner, lesson: lesson.id, score: result.score, maxScore: result.maxScore, missing: missing ?? null, checks: missing ? [] : result.checks.map(slim) }
    }),
  )
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Class grades</title>
<style>${CSS}</style></head>
<body>
<h1>Class grades</h1>
<p class="meta">${summary.rows.length} learner(s), ${summary.lessons.length} lesson(s) · seed ${meta.seed} · ${(meta.durationMs / 1000).toFixed(1)} s · Node ${x(meta.node)} · ${x(meta.generatedAt)}</p>
<section><h2>Heatmap</h2><p class="hint">Points per lesson; a hatched <span class="legend missing">–</span> cell was not handed in (no folder, no entry file, a link). Click a cell to see its checks.</p>
<div class="heat-wrap"><table class="heat"><thead><tr><th class="who">Learner</th>${summary.lessons
    .map((lesson) => `<th class="lesson-head" title="${x(`${lesson.id}: ${lesson.title} (max ${summary.lessonMax.get(lesson.number) ?? 0})`)}">${String(lesson.number).padStart(2, '0')}</th>`)
    .join('')}<th class="total">Total</th></tr></thead>
<tbody>${summary.rows
    .map(
      (row, r) =>
        `<tr><th scope="row" class="who" title="${x(row.learner)}">${x(row.learner)}</th>${summary.lessons
          .map((lesson, c) => {
            const result = row.results.get(lesson.number)
            if (!result) return '<td class="none">·</td>'
            const missing = row.missing.get(lesson.number)
            if (missing) return `<td class="cell missing" data-r="${r}" data-c="${c}" tabindex="0" title="${x(`${lesson.id}: not handed in: ${missing}`)}">–</td>`
            const ratio = result.maxScore ? result.score / result.maxScore : 0
            return `<td class="cell" data-r="${r}" data-c="${c}" style="background:${heat(ratio)}" tabindex="0" title="${x(`${lesson.id}: ${result.score}/${result.maxScore}`)}">${result.score}</td>`
          })
          .join('')}<td class="total">${row.score}/${row.maxScore}</td></tr>`,
    )
    .join('\n')}</tbody></table></div>
<div id="cell-detail" class="detail" hidden></div></section>
<section><h2>Diagnoses most seen</h2>${
    summary.diagnoses.length
      ? `<table class="diag"><thead><tr><th>Diagnosis</th><th>Learners</th><th>Lessons</th><th>What it means</th></tr></thead><tbody>${summary.diagnoses
          .map(
            (d) =>
              `<tr><td><strong>${x(EXPLANATIONS[d.code]?.name ?? d.code)}</strong><br><code>${x(d.code)}</code></td><td>${d.learners}: ${x(d.names.join(', '))}</td><td>${d.lessons.join(', ')}</td><td>${x(EXPLANATIONS[d.code]?.explain ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '<p>No diagnosis was made.</p>'
  }</section>
<section><h2>Checks most failed</h2>${
    summary.failedChecks.length
      ? `<p class="hint">By learners who handed the lesson in; a check failed with no diagnosis is a wrong answer the engine could not name.</p><table class="failed"><thead><tr><th>Lesson</th><th>Check</th><th>Learners</th><th>Diagnoses</th></tr></thead><tbody>${summary.failedChecks
          .map(
            (f) =>
              `<tr><td>${String(f.lesson).padStart(2, '0')}</td><td>${x(f.title)}<br><code>${x(f.id)}</code></td><td>${f.learners}: ${x(f.names.join(', '))}</td><td>${
                f.diagnoses.length ? f.diagnoses.map((code) => `${x(EXPLANATIONS[code]?.name ?? code)} (<code>${x(code)}</code>)`).join('<br>') : '<span class="dim">none: wrong answer</span>'
              }</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '<p>No check failed.</p>'
  }</section>
<section><h2>Failures by learner</h2>${summary.rows.map(learnerFailures).join('\n')}</section>
<section><h2>Protections in force</h2><ul>${meta.protections.map((p) => `<li>${x(p)}</li>`).join('')}</ul></section>
<script id="cells" type="application/json">${scriptJson(cells)}</script>
<script>${SCRIPT}</script>
</body></html>
`
}

function learnerFailures(row: ClassSummary['rows'][number]): string {
  const results = [...row.results.values()]
  // A lesson not handed in is one line with its reason, not a failure per check.
  const missing = results.filter((result) => row.missing.has(result.lesson))
  const failed = results
    .filter((result) => !row.missing.has(result.lesson))
    .flatMap((result) => result.checks.filter((check) => check.status === 'fail' || check.status === 'error').map((check) => ({ result, check })))
  const head = `<h3>${x(row.learner)} <span class="score">${row.score}/${row.maxScore}</span></h3>`
  if (!failed.length && !missing.length) return `<details class="learner"><summary>${head}</summary><p>Every check passes.</p></details>`
  const counts = [failed.length ? `${failed.length} failed check(s)` : '', missing.length ? `${missing.length} lesson(s) not handed in` : ''].filter(Boolean).join(', ')
  return `<details class="learner"><summary>${head} <span class="count">${counts}</span></summary>${missing
    .map((result) => `<div class="check missing-lesson"><p class="lesson">Lesson ${result.lesson} · ${x(result.title)}</p><p class="title">– not handed in <span class="dim">(0/${result.maxScore})</span></p><p>${x(row.missing.get(result.lesson))}</p></div>`)
    .join('')}${failed
    .map(({ result, check }) => `<div class="check"><p class="lesson">Lesson ${result.lesson} · ${x(result.title)}</p>${checkHtml(check)}</div>`)
    .join('')}</details>`
}

export function checkHtml(check: CheckResult): string {
  const rows: [string, string][] = []
  if (check.diagnosis) rows.push(['diagnosis', `<code>${x(check.diagnosis)}</code> ${x(EXPLANATIONS[check.diagnosis]?.name ?? '')}${check.where ? ` at <code>${x(check.where)}</code>` : ''}${check.detail ? `<br>${x(check.detail)}` : ''}<br><span class="dim">${x(EXPLANATIONS[check.diagnosis]?.explain ?? '')}</span>`])
  const exchange = check.exchange
  if (exchange) {
    rows.push(['sent', `<code>${x(`${exchange.request.method} ${exchange.request.path}`)}</code>${exchange.request.body !== null ? `<pre>${x(exchange.request.body)}</pre>` : ''}`])
    rows.push([
      'received',
      exchange.response
        ? `<code>${exchange.response.status} ${x(exchange.response.statusMessage)}</code><pre>${x(Object.entries(exchange.response.headers).map(([k, v]) => `${k}: ${v}`).join('\n'))}\n\n${x(exchange.response.body)}</pre>`
        : `nothing (${x(exchange.error ?? 'no response')})`,
    ])
  }
  if (check.transcript?.length) rows.push(['conversation', `<pre>${x(check.transcript.join('\n'))}</pre>`])
  if (check.expected !== null) rows.push(['expected', `<pre>${x(check.expected)}</pre>`])
  if (check.actual !== null) rows.push(['actual', `<pre>${x(check.actual)}</pre>`])
  if (check.curl) rows.push(['try it', `<code>${x(check.curl)}</code>`])
  return `<p class="title">✖ ${x(check.title)} <span class="dim">(${check.points}/${check.maxPoints})</span></p><p>${x(check.message)}</p><table class="kv">${rows
    .map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`)
    .join('')}</table>`
}

/** What the click-through panel needs of a check (bodies cut to keep the page small). */
function slim(check: CheckResult) {
  const cut = (text: string | null | undefined) => (text == null ? null : text.length > 4000 ? `${text.slice(0, 4000)}…` : text)
  return {
    title: check.title, status: check.status, points: check.points, maxPoints: check.maxPoints, message: check.message,
    diagnosis: check.diagnosis, where: check.where, detail: check.detail, expected: cut(check.expected), actual: cut(check.actual), curl: check.curl,
    sent: check.exchange ? `${check.exchange.request.method} ${check.exchange.request.path}` : check.transcript?.length ? cut(check.transcript.join('\n')) : null,
    received: check.exchange ? (check.exchange.response ? `${check.exchange.response.status} ${check.exchange.response.statusMessage}\n${cut(check.exchange.response.body)}` : `nothing (${check.exchange.error ?? 'no response'})`) : null,
  }
}

/** Red (0) through amber to green (1). */
function heat(ratio: number): string {
  const hue = Math.round(120 * Math.max(0, Math.min(1, ratio)))
  return `hsl(${hue} 70% 82%)`
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d232b;max-width:1232px}
h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta,.hint,.dim{color:#667}
table{border-collapse:collapse}th,td{padding:4px 8px;border:1px solid #dde;text-align:left;vertical-align:top}
.heat-wrap{max-width:100%;overflow-x:auto}
.heat{font-size:12px}.heat th,.heat td{padding:3px 2px}
.heat .lesson-head{text-align:center;width:34px;min-width:34px;font-variant-numeric:tabular-nums}
.heat .who{max-width:160px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;position:sticky;left:0;background:#fff;z-index:1}
.heat td.cell{cursor:pointer;text-align:center;font-variant-numeric:tabular-nums;width:34px;min-width:34px}
.heat td.cell:hover,.heat td.cell:focus,.heat td.selected{outline:2px solid #245;outline-offset:-2px}
.heat td.none{color:#aaa;text-align:center}
.heat td.missing,.legend.missing{color:#667;background:repeating-linear-gradient(45deg,#eceef2 0 4px,#fff 4px 8px)}
.legend{display:inline-block;padding:0 6px;border:1px solid #dde}
.total{font-weight:600;white-space:nowrap}.heat .total{position:sticky;right:0;background:#fff;z-index:1;padding:3px 6px}
.check.missing-lesson{border-left-color:#99a}
.detail{margin-top:12px;padding:12px;border:1px solid #ccd;border-radius:6px;background:#f8f9fb}
.detail .pass{color:#1a7f37}.detail .fail{color:#c62828}
pre{white-space:pre-wrap;word-break:break-word;margin:2px 0;background:#f2f3f5;padding:4px 6px;border-radius:4px;max-height:240px;overflow:auto}
code{background:#f2f3f5;padding:0 3px;border-radius:3px}
.learner{margin:6px 0}.learner summary{cursor:pointer}.learner h3{display:inline;font-size:15px}
.check{border-left:3px solid #c62828;padding:4px 10px;margin:8px 0}.check .title{font-weight:600;margin:0}
.kv th{width:80px;color:#556;background:#fafafa}.lesson{margin:0;color:#667;font-size:12px}
`

// Runs in the page: builds the cell panel from the JSON block with textContent only.
const SCRIPT = `
(function(){
  var cells = JSON.parse(document.getElementById('cells').textContent);
  var panel = document.getElementById('cell-detail');
  function el(tag, text, cls){ var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function show(td){
    var cell = cells[+td.dataset.r][+td.dataset.c]; if (!cell) return;
    document.querySelectorAll('td.selected').forEach(function(t){ t.classList.remove('selected'); });
    td.classList.add('selected');
    panel.replaceChildren(el('h3', cell.learner + ' · ' + cell.lesson + ' · ' + cell.score + '/' + cell.maxScore));
    if (cell.missing) panel.appendChild(el('p', 'Not handed in: ' + cell.missing, 'missing-reason'));
    cell.checks.forEach(function(c){
      var ok = c.status === 'pass' || c.status === 'skip';
      var div = el('div', null, 'check-line');
      div.appendChild(el('p', (ok ? '✔ ' : '✖ ') + c.title + ' (' + c.points + '/' + c.maxPoints + ')', ok ? 'pass' : 'fail'));
      if (!ok) {
        var t = el('table', null, 'kv');
        [['message', c.message], ['diagnosis', c.diagnosis ? c.diagnosis + (c.where ? ' at ' + c.where : '') + (c.detail ? ': ' + c.detail : '') : null],
         ['sent', c.sent], ['received', c.received], ['expected', c.expected], ['actual', c.actual], ['try it', c.curl]].forEach(function(kv){
          if (kv[1] == null) return;
          var tr = el('tr'); tr.appendChild(el('th', kv[0])); var td2 = el('td'); td2.appendChild(el('pre', kv[1])); tr.appendChild(td2); t.appendChild(tr);
        });
        div.appendChild(t);
      }
      panel.appendChild(div);
    });
    panel.hidden = false;
  }
  document.querySelectorAll('td.cell').forEach(function(td){
    td.addEventListener('click', function(){ show(td); });
    td.addEventListener('keydown', function(e){ if (e.key === 'Enter') show(td); });
  });
  var params = new URLSearchParams(location.search);
  if (params.has('cell')) { var rc = params.get('cell').split(','); var td = document.querySelector('td.cell[data-r="' + (+rc[0]) + '"][data-c="' + (+rc[1]) + '"]'); if (td) show(td); }
})();
`
