import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_KEYS, bundleKeyAnchor } from '@arena/bundle';
import { describe, expect, it } from 'vitest';
import { competitionYamlReference } from '../.vitepress/reference/competition-yaml';
import { builtSite } from './built-site';

const parserKeys = () =>
  (['v1', 'v2'] as const).flatMap((format) =>
    Object.entries(BUNDLE_KEYS[format] as Record<string, readonly string[]>).flatMap(([scope, keys]) =>
      keys.map((key) => ({ format, scope, key, anchor: bundleKeyAnchor(format, scope, key) })),
    ),
  );

describe('the competition.yaml reference', () => {
  it('describes every key the parser knows (BUNDLE_KEYS), and no key it does not', () => {
    const ref = competitionYamlReference();
    expect(
      ref.missing,
      'keys the parser reads that docs/.vitepress/reference/competition-yaml-keys.ts does not describe',
    ).toEqual([]);
    expect(ref.stale, 'keys described in competition-yaml-keys.ts that the parser does not read').toEqual([]);
  });

  it('the built page has an entry, with its anchor, for every key of BUNDLE_KEYS', () => {
    const html = readFileSync(join(builtSite(), 'reference', 'competition-yaml.html'), 'utf8');
    const absent = parserKeys().filter((k) => !html.includes(`id="${k.anchor}"`));
    expect(absent.map((k) => `${k.format} ${k.scope || '(top)'} ${k.key}`)).toEqual([]);
    expect(html).not.toContain('Not documented yet');
  });
});
