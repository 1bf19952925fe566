import { describe, expect, it } from 'vitest';
import { fileIndex } from '../testing/bundle-fixture';
import { FULL_V2_YAML, fullV2Files } from '../testing/v2-bundle.fixture';
import { parseCompetitionYaml } from './parse-competition-yaml';
import { controlCharacter } from './value-readers';

describe('controlCharacter', () => {
  it.each([
    ['plain text, accents é, 漢字, emoji 👩‍🔬', null],
    ['lines\nand\ttabs\r\n', null],
    ['a\u0000b', 'U+0000'],
    ['a\u001bb', 'U+001B'],
    ['a\u0085b', 'U+0085'],
    ['a\ufffdb', 'U+FFFD'],
    ['a\ud800b', 'U+D800'],
  ])('%j -> %s', (text, found) => {
    expect(controlCharacter(text)).toBe(found);
  });
});

describe('text with control characters in competition.yaml (issue 19)', () => {
  it.each([
    ['an escaped NUL in the title', /^title: .*$/m, 'title: "a\\0b"', 'title', 'U+0000'],
    [
      'an escaped ESC in the description',
      /^description: .*$/m,
      'description: "red \\e[31m text"',
      'description',
      'U+001B',
    ],
  ])('is refused for %s, naming the key and the character', (_, line, replacement, key, code) => {
    const yaml = FULL_V2_YAML.replace(line, replacement);
    expect(yaml).not.toBe(FULL_V2_YAML);
    const { problems } = parseCompetitionYaml(yaml, fileIndex(fullV2Files()));
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining(`holds the control character ${code}`) }),
    ]);
    expect(JSON.stringify(errors[0].path)).toContain(key);
  });
});
