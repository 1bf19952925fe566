import { BUNDLE_KEYS } from '../../../libs/bundle/src/parse/bundle-keys';
import { bundleKeyAnchor, scopeSlug } from '../../../libs/bundle/src/parse/bundle-key-reference';
import { KEY_DOCS, type KeyDoc } from './competition-yaml-keys';
import { tableCell as cell } from './markdown-text';

type Format = 'v1' | 'v2';

export interface KeyReference {
  markdown: string;
  /** `format|scope|key` the parser knows and KEY_DOCS does not describe. */
  missing: string[];
  /** `format|scope|key` KEY_DOCS describes and the parser does not know. */
  stale: string[];
  /** Every key anchor the page holds. */
  anchors: string[];
}

const SCOPE_INTRO: Record<Format, Record<string, string>> = {
  v2: {
    '': 'The top level of a Codabench (version 2) `competition.yaml`.',
    'pages[]': 'Each item of `pages`.',
    'tasks[]': 'Each item of `tasks`: programs and data; phases run tasks.',
    'solutions[]': 'Each item of `solutions`: example submissions.',
    'phases[]': 'Each item of `phases`.',
    'leaderboards[]': 'Each item of `leaderboards`.',
    'leaderboards[].columns[]': 'Each column of a leaderboard.',
    'fact_sheet.*': "Each question of `fact_sheet` (a map from the question's name), with exactly these six keys.",
  },
  v1: {
    '': 'The top level of a CodaLab (version 1, 1.5 or 1.8) `competition.yaml`.',
    'phases.*': 'Each phase of the `phases` map (its keys are any names; `phasenumber` orders them).',
    leaderboard: 'The `leaderboard` map.',
    'leaderboard.leaderboards.*': 'Each board of `leaderboard.leaderboards`.',
    'leaderboard.columns.*': 'Each column of `leaderboard.columns`, keyed by its score key.',
    'leaderboard.columns.*.computed': 'The `computed` map of a column.',
  },
};

const FORMAT_TITLE: Record<Format, string> = {
  v2: 'Version 2 (Codabench)',
  v1: 'Version 1 (CodaLab)',
};

/** The competition.yaml reference: every key of BUNDLE_KEYS, in the parser's order, with its entry of KEY_DOCS. */
export function competitionYamlReference(): KeyReference {
  const missing: string[] = [];
  const stale: string[] = [];
  const anchors: string[] = [];
  const out: string[] = [INTRO];
  for (const format of ['v2', 'v1'] as const) {
    out.push(`## ${FORMAT_TITLE[format]} {#${format}}`, '');
    const scopes = BUNDLE_KEYS[format] as Record<string, readonly string[]>;
    const docs = KEY_DOCS[format];
    for (const [scope, keys] of Object.entries(scopes)) {
      const heading = scope === '' ? 'Top level' : `\`${scope}\``;
      out.push(`### ${heading} {#${format}-${scopeSlug(scope)}}`, '', SCOPE_INTRO[format][scope] ?? '', '');
      out.push('| key | type | default | what the platform does with it |', '|---|---|---|---|');
      for (const key of keys) {
        const anchor = bundleKeyAnchor(format, scope, key);
        anchors.push(anchor);
        const doc: KeyDoc | undefined = docs[scope]?.[key];
        if (!doc) {
          missing.push(`${format}|${scope}|${key}`);
        }
        const arena = doc?.arena ? ' <Badge type="tip" text="Arena" />' : '';
        out.push(
          `| <span id="${anchor}"></span>[\`${key}\`](#${anchor})${arena} | ${cell(doc?.type ?? '')} | ${cell(doc?.default ?? '')} | ${cell(doc?.effect ?? '**Not documented yet.**')} |`,
        );
      }
      out.push('');
    }
    for (const [scope, keyDocs] of Object.entries(docs)) {
      for (const key of Object.keys(keyDocs)) {
        if (!scopes[scope]?.includes(key)) {
          stale.push(`${format}|${scope}|${key}`);
        }
      }
    }
  }
  return { markdown: out.join('\n'), missing, stale, anchors };
}

const INTRO = `# competition.yaml reference

Every key the bundle parser (\`libs/bundle\`) reads, in both formats, generated from the parser's own key tables
(\`BUNDLE_KEYS\`): a key the parser knows cannot be missing here (\`docs/test/competition-yaml-reference.spec.ts\`).
A key the parser does not know is reported by \`arena bundle validate\` and the upload as a warning, never dropped
silently. Each problem \`arena bundle validate\` prints ends with a link to its key's entry below.

- **Type** is what the parser accepts. Booleans also accept \`True\`/\`False\` and \`"true"\`/\`"false"\` (CodaLab's
  YAML); dates accept \`2025-01-01\`, ISO date-times and CodaLab's \`1-1-2025\` (month first).
- **Default** is what a missing key means in that format. CodaLab's model defaults apply to version 1 and Codabench's
  to version 2, so the same competition behaves as it did on the platform it came from.
- <Badge type="tip" text="Arena" /> marks keys neither CodaLab nor Codabench reads in that format. Version 2 reads
  CodaLab v1's competition options under their v1 names; an export writes them back where they differ from the
  default.
- "Kept, with a warning" means the platform keeps the value (an export writes it back) but cannot do what it asks: the
  upload's answer and \`arena bundle validate\` say so, naming the key and the reason.

What the programs see when they run (paths, variables, limits) is in [Submitting](/participants/submitting#what-runs);
how boards rank is in [Leaderboards](/organizers/leaderboards).

`;
