// Starts a workbook command written in TypeScript: with Node's own type stripping where this
// Node has it (22.18+, 23.6+), through tsx otherwise (Node 20). Plain JavaScript on purpose:
// it is the one file that must run before any TypeScript support exists.
const [command, ...args] = process.argv.slice(2)
if (!/^[a-z-]+$/.test(command ?? '')) {
  process.stderr.write('✖ Usage: node src/cli/start.mjs <command> [arguments]\n')
  process.exit(2)
}
process.argv.splice(2, process.argv.length, ...args)
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api')
  register()
}
await import(new URL(`./${command}.ts`, import.meta.url).href)
