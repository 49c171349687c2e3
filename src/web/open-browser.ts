/**
 * Opens a URL in the learner's browser where it can: `open` on macOS, `start` on Windows,
 * `xdg-open` elsewhere; only in a terminal, not in CI, and not with `BROWSER=none` (the usual
 * way to say "never open one"). Never waits for it and never fails because of it: the URL is
 * printed either way.
 */
import { spawn } from 'node:child_process'

export function canOpenBrowser(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.CI && process.env.BROWSER !== 'none'
}

export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  try {
    // Detached and let go: the browser is the learner's, it outlives the workbook.
    const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore', windowsHide: true })
    child.on('error', () => {}) // no opener installed: the printed URL is the way in
    child.unref()
  } catch {
    // as above
  }
}
