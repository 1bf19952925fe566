import type { BundleFormat } from '../competition.model';
import { BUNDLE_KEYS } from './bundle-keys';

/** A key of competition.yaml as the reference documents it: its format, the map it sits in (a BUNDLE_KEYS scope), its name. */
export interface BundleKeyRef {
  format: BundleFormat;
  scope: string;
  key: string;
  /** The anchor of its entry in the competition.yaml reference (docs/reference/competition-yaml). */
  anchor: string;
}

/** The reference page's path under the docs site's root; the CLI and the docs generator share it. */
export const COMPETITION_YAML_REFERENCE = 'reference/competition-yaml.html';

/**
 * `v2-phases-auto_migrate_to_this_phase`, `v1-leaderboard-columns-computed-weights`, `v2-top-title`: stable, readable,
 * and unique across formats and scopes (a key such as `index` sits in several maps).
 */
export function bundleKeyAnchor(format: BundleFormat, scope: string, key: string): string {
  return `${format}-${scopeSlug(scope)}-${key}`;
}

/** The scope's name in anchors and headings' ids: `leaderboards[].columns[]` → `leaderboards-columns`, '' → `top`. */
export function scopeSlug(scope: string): string {
  if (scope === '') {
    return 'top';
  }
  return scope
    .replace(/\[\]|\.\*/g, '')
    .split('.')
    .join('-');
}

/**
 * The documented key a problem's YAML path points at (`phases[1].tasks[0]` → the phases' `tasks` key), or null when
 * the path names no key the parser knows (the file as a whole, a key it does not read). The deepest known key wins:
 * `leaderboards[0].columns[2].sorting` is the column's `sorting`, not the board's `columns`.
 */
export function bundleKeyOfPath(format: BundleFormat, path: string): BundleKeyRef | null {
  const segments = parsePath(path);
  const scopes = BUNDLE_KEYS[format] as Record<string, readonly string[]>;
  for (let end = segments.length; end > 0; end--) {
    const key = segments[end - 1];
    if (typeof key !== 'string') {
      continue;
    }
    const scope = scopeOf(format, segments.slice(0, end - 1));
    if (scope !== null && scopes[scope]?.includes(key)) {
      return { format, scope, key, anchor: bundleKeyAnchor(format, scope, key) };
    }
  }
  return null;
}

/**
 * The BUNDLE_KEYS scope of the map at `prefix`: list positions are `[]` in version 2; in v1 every entry of a map
 * of named items (phases, boards, columns) is `.*`.
 */
function scopeOf(format: BundleFormat, prefix: readonly (string | number)[]): string | null {
  const scopes = Object.keys(BUNDLE_KEYS[format]);
  return (
    scopes.find((scope) => {
      const pattern = scopePattern(scope);
      if (pattern.length !== prefix.length) {
        return false;
      }
      return pattern.every((p, i) => (p === '*' ? true : p === '[]' ? typeof prefix[i] === 'number' : p === prefix[i]));
    }) ?? null
  );
}

/** `leaderboards[].columns[]` → ['leaderboards', '[]', 'columns', '[]']; `phases.*` → ['phases', '*']. */
function scopePattern(scope: string): string[] {
  if (scope === '') {
    return [];
  }
  return scope.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));
}

/** `phases[1].tasks[0]`, `html["my page"]` → ['phases', 1, 'tasks', 0], ['html', 'my page'] (formatYamlPath's inverse). */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z0-9_-]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) {
      out.push(Number(m[1]));
    } else if (m[2] !== undefined) {
      out.push(JSON.parse(m[2]) as string);
    } else {
      out.push(m[3]);
    }
  }
  return out;
}
