/**
 * Node's permission model, as this Node version spells it: `--permission` (22.13+, 23.5+),
 * `--experimental-permission` (20.x, early 22.x), or nothing (older). Detected from the flags
 * this very binary accepts, never from a version table.
 */
export type PermissionFlavour = '--permission' | '--experimental-permission' | null

export function permissionFlavour(flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): PermissionFlavour {
  if (flags.has('--permission')) return '--permission'
  if (flags.has('--experimental-permission')) return '--experimental-permission'
  return null
}

/** Whether this Node can silence one warning class (`--disable-warning`, 20.11+). */
export const canDisableWarnings = (flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags) => flags.has('--disable-warning')
