/** macOS Finder litter that zips and copied folders carry; never part of a bundle. */
export function isIgnoredPath(path: string): boolean {
  const parts = path.split('/');
  return parts[0] === '__MACOSX' || parts[parts.length - 1] === '.DS_Store';
}

/**
 * Normalizes a path written in the YAML or a zip: backslashes, `./` segments and trailing slashes are tolerated.
 * Returns null for a path that would leave the bundle (absolute, `..`), which is never acceptable.
 */
export function normalizeBundlePath(raw: string): string | null {
  const p = raw.trim().replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) {
    return null;
  }
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..')) {
    return null;
  }
  return parts.join('/');
}
