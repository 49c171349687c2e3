/**
 * The page's two static files, read from src/web/assets/ (the compiled copy of the workbook
 * holds only its modules; the assets stay where they are written), each with its Content-Type.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ROOT } from '../root.ts'

const ASSETS: Record<string, string> = {
  'workbook.css': 'text/css; charset=utf-8',
  'workbook.js': 'text/javascript; charset=utf-8',
}

/** `/assets/workbook.css` → its bytes and type; anything else (`/assets/../x`) is not an asset. */
export async function readAsset(name: string): Promise<{ body: Buffer; type: string } | null> {
  const type = ASSETS[name]
  if (!type) return null
  return { body: await readFile(join(ROOT, 'src', 'web', 'assets', name)), type }
}
