import { describe, expect, it } from 'vitest';
import { formatProblem } from '../problems/bundle-problem';
import { readYaml } from './read-yaml';

const read = (text: string, maxBytes = 1024 * 1024) => readYaml(text, { file: 'competition.yaml', maxBytes });

describe('readYaml: hostile input', () => {
  it('refuses a billion-laughs alias bomb without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const { value, problems } = read(levels.join('\n'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(value).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      'competition.yaml: too many alias expansions: the YAML expands like a "billion laughs" bomb',
    ]);
  });

  it('refuses code-running tags, never calling them', () => {
    const { value, problems } = read("title: t\nevil: !!python/object/apply:os.system ['touch /tmp/pwned']\n");
    expect(value).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual([
      'competition.yaml: YAML tag !!python/object/apply:os.system is not allowed (only plain YAML, !!python/unicode and !!python/str are read) (line 2)',
    ]);
  });

  it('refuses a file over the size cap before parsing it', () => {
    const { problems } = read(`title: ${'x'.repeat(2000)}\n`, 1000);
    expect(problems.map(formatProblem)).toEqual(['competition.yaml: the file is 2008 bytes; the limit is 1000']);
  });

  it('survives pathological nesting', () => {
    const { problems } = read(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(problems[0]?.severity).toBe('error');
  });

  it('reports syntax errors with their line', () => {
    const { problems } = read('title: ok\nphases:\n  - a: 1\n   b: 2\n');
    expect(problems[0]).toMatchObject({ severity: 'error', file: 'competition.yaml', line: 4 });
    expect(problems[0].message).toMatch(/^YAML syntax: /);
  });

  it('keeps dates as text (parsed later, offsets honoured) and reads yes/no as text', () => {
    const { value, problems } = read('start: 2026-01-01T12:00:00+02:00\nflag: yes\nn: 010\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({ start: '2026-01-01T12:00:00+02:00', flag: 'yes', n: 10 });
  });

  it('follows << merges and reports a duplicate key as a warning', () => {
    const { value, problems } = read('base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\nx: 1\nx: 2\n');
    expect(value).toEqual({ base: { a: 1, b: 2 }, m: { a: 1, b: 3 }, x: 2 });
    expect(problems).toMatchObject([{ severity: 'warning', line: 6 }]);
  });
});
