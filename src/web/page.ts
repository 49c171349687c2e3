/**
 * The page for one lesson: the lesson text, the file to edit (with a link that opens it in VS
 * Code and the path to copy), how to run and check it by hand, the live checks, hints, quiz,
 * solution and every lesson's progress. Rendered on the server from the same data the terminal
 * menu uses; the page's script (assets/workbook.js) adds what changes: verdicts, answers.
 */
import { basename, relative } from 'node:path'
import { existsSync } from 'node:fs'
import { partOf } from '../curriculum/lessons.ts'
import { lessonProgress, lessonState, loadProgress, progressSalt } from '../learn/progress.ts'
import { shownChoices } from '../learn/quiz-order.ts'
import { checkCommand, entryFile, shown, type Session } from '../learn/session.ts'
import { escapeHtml as h } from './escape-html.ts'
import { inlineHtml, lessonHtml } from './lesson-html.ts'

const STATE_MARK = { passed: '✔', 'in progress': '◐', 'not started': '○' } as const

export function renderPage(session: Session): string {
  const { lesson, lessons } = session
  const number = String(lesson.number).padStart(2, '0')
  const title = `Lesson ${number}: ${lesson.title}`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${h(title)} · Node http workbook</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/workbook.css">
<script src="/assets/workbook.js" defer></script>
</head>
<body data-lesson="${lesson.number}">
<a class="skip" href="#work">Skip to your exercise and its checks</a>
<header class="top">
<p class="brand">Node <code>http</code> workbook</p>
<a href="#checks-title" id="badge" class="badge" aria-label="Go to the checks">checks</a>
${renderLessonList(session)}
</header>
<main class="layout">
<article class="lesson">
<p class="kicker">Lesson ${number} of ${lessons.at(-1)?.number ?? number}</p>
${/^\s*# /.test(lesson.body) ? '' : `<h1>${h(lesson.title)}</h1>\n`}${lessonHtml(lesson.body)}
</article>
<div class="work" id="work">
${renderFile(session)}
${renderChecks(session)}
${renderHints(session)}
${renderQuiz(session)}
${renderSolution(session)}
</div>
</main>
<footer class="bottom">Served on 127.0.0.1 by the workbook's own <code>node:http</code> server. Ctrl-C in its terminal stops it.</footer>
</body>
</html>
`
}

function renderLessonList(session: Session): string {
  const progress = loadProgress()
  const passed = session.lessons.filter((lesson) => lessonProgress(progress, lesson.id).passed).length
  const items = session.lessons.map((lesson, index) => {
    const state = lessonState(lessonProgress(progress, lesson.id))
    const startsPart = index === 0 || partOf(session.lessons[index - 1]!) !== partOf(lesson)
    const heading = startsPart ? `<li class="part">${h(partOf(lesson).title)}</li>` : ''
    const current = lesson.id === session.lesson.id ? ' aria-current="page"' : ''
    const cls = state.replace(' ', '-')
    return `${heading}<li class="state-${cls}" data-lesson="${lesson.number}"><a href="/lesson/${lesson.number}"${current}><span class="mark" aria-hidden="true">${STATE_MARK[state]}</span> ${String(lesson.number).padStart(2, '0')} ${h(lesson.title)} <span class="visually-hidden">(${state})</span></a></li>`
  })
  return `<nav aria-label="All lessons"><details class="lessons"><summary>All lessons · <span id="passed-count">${passed}</span> of ${session.lessons.length} passed</summary><ol>${items.join('')}</ol></details></nav>`
}

function renderFile(session: Session): string {
  const { file, exists } = entryFile(session)
  const folder = shown(session.dir)
  const runByHand = `cd ${folder} && npx tsx ${basename(file)}`
  return `<section class="card" aria-labelledby="file-title">
<h2 id="file-title">Your file</h2>
<p class="path"><code id="file-path">${h(shown(file))}</code>${exists ? '' : ' <span class="bad">(missing: create it)</span>'}</p>
<p class="actions"><a class="button" href="${h(editorLink(file))}">Open in VS Code</a> <button type="button" class="copy" data-copy="${h(file)}">Copy the full path</button></p>
<p class="muted">The link opens the file in VS Code (a <code>vscode://</code> link). For any other editor, copy the path.</p>
<h3>Run it by hand</h3>
${copyable(runByHand)}
<p class="muted">Then try it with <code>curl</code> (each failed check below has its line). Ctrl-C stops it.</p>
<h3>Check from a terminal</h3>
${copyable(checkCommand(session))}
</section>`
}

function renderChecks(session: Session): string {
  const { file } = entryFile(session)
  return `<section class="card checks" aria-labelledby="checks-title">
<h2 id="checks-title">Checks</h2>
<p class="muted">Checked again each time you save <code>${h(relative(session.dir, file) || basename(file))}</code> or anything beside it.</p>
<p><button type="button" id="check-now" class="primary">Check now</button></p>
<p id="status" role="status" aria-live="polite" class="status">Waiting for the first check…</p>
<div id="verdict"></div>
</section>`
}

function renderHints(session: Session): string {
  const { lesson } = session
  if (!lesson.hints.length) return `<section class="card" aria-labelledby="hints-title"><h2 id="hints-title">Hints</h2><p class="muted">This lesson has no hints.</p></section>`
  const seen = Math.min(lessonProgress(loadProgress(), lesson.id).hintsShown, lesson.hints.length)
  const shownHints = lesson.hints.slice(0, seen).map((hint, index) => hintItem(hint, index, lesson.hints.length))
  return `<section class="card" aria-labelledby="hints-title">
<h2 id="hints-title">Hints</h2>
<ol id="hints" class="hints">${shownHints.join('')}</ol>
<p><button type="button" id="next-hint" data-total="${lesson.hints.length}" data-seen="${seen}"${seen >= lesson.hints.length ? ' disabled' : ''}>${h(hintButton(seen, lesson.hints.length))}</button></p>
</section>`
}

export function hintItem(hint: string, index: number, total: number): string {
  return `<li><strong>Hint ${index + 1} of ${total}:</strong> ${inlineHtml(hint)}</li>`
}

export function hintButton(seen: number, total: number): string {
  return seen >= total ? `All ${total} hints shown` : `Show hint ${seen + 1} of ${total}`
}

function renderQuiz(session: Session): string {
  const { quiz, id } = session.lesson
  if (!quiz.length) return `<section class="card" aria-labelledby="quiz-title"><h2 id="quiz-title">Quiz</h2><p class="muted">This lesson has no quiz.</p></section>`
  const salt = progressSalt()
  const questions = quiz.map((question, index) => {
    // The terminal's order for this learner: same salt, lesson and question, same shuffle.
    const choices = shownChoices(question, `${salt}:${id}:${index}`)
    const name = `q${index}`
    const options = choices.map((choice, at) => `<label class="choice"><input type="radio" name="${name}" value="${choice.value}"${at === 0 ? ' required' : ''}> <span>${inlineHtml(choice.title)}</span></label>`)
    return `<form class="question" data-question="${index}">
<fieldset><legend>(${index + 1}/${quiz.length}) ${inlineHtml(question.question)}</legend>${options.join('')}</fieldset>
<p><button type="submit">Answer</button></p>
<div class="answer" role="status" aria-live="polite"></div>
</form>`
  })
  const done = lessonProgress(loadProgress(), id).quizDone
  return `<section class="card" aria-labelledby="quiz-title">
<h2 id="quiz-title">Quiz${done ? ' <span class="muted">(done before: take it again any time)</span>' : ''}</h2>
${questions.join('\n')}
<p id="quiz-score" role="status" aria-live="polite"></p>
</section>`
}

function renderSolution(session: Session): string {
  // A Classroom assignment is handed out without solutions/: then there is nothing to show.
  if (!existsSync(session.lesson.solutionDir)) return ''
  const passed = lessonProgress(loadProgress(), session.lesson.id).passed
  return `<section class="card" aria-labelledby="solution-title">
<h2 id="solution-title">Solution</h2>
<p class="muted" id="solution-note">${passed ? 'You passed: compare your file with the reference solution.' : 'Shown as a diff against your file once you pass. You can look before, but it spoils the puzzle.'}</p>
<p><button type="button" id="show-solution" data-passed="${passed}">${passed ? 'Show the solution' : 'Show the solution (spoiler)'}</button></p>
<div id="solution"></div>
</section>`
}

function copyable(text: string): string {
  return `<div class="copyable"><pre><code>${h(text)}</code></pre><button type="button" class="copy" data-copy="${h(text)}" aria-label="Copy: ${h(text)}">Copy</button></div>`
}

/** VS Code's link to a file: `vscode://file/home/ada/…/server.ts`, `vscode://file/C:/Users/…` on Windows. */
export function editorLink(file: string): string {
  const path = file.replaceAll('\\', '/')
  return `vscode://file${encodeURI(path.startsWith('/') ? path : `/${path}`)}`
}
