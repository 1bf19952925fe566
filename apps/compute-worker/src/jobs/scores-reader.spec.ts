import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScores, readScores } from './scores-reader';

describe('parseScores', () => {
  it('reads a JSON object of numbers and reports unknown keys', () => {
    expect(parseScores('{"accuracy": 0.91, "f1": 0.5, "extra": 3}', 'scores.json', ['accuracy', 'f1'])).toEqual({
      scores: { accuracy: 0.91, f1: 0.5, extra: 3 },
      unknownScoreKeys: ['extra'],
      extraScores: {},
      notes: [],
    });
  });

  it('reads scores.txt as YAML key: value lines (CodaLab v1)', () => {
    expect(parseScores('accuracy: 0.75\nset1_score: 12\nDuration: 1.5e-3\n', 'scores.txt', ['accuracy'])).toMatchObject(
      {
        scores: { accuracy: 0.75, set1_score: 12, Duration: 0.0015 },
        unknownScoreKeys: ['set1_score', 'Duration'],
      },
    );
  });

  it('accepts numbers written as strings', () => {
    expect(parseScores('{"a": "0.5", "b": " -2 ", "c": "1e3"}', 'scores.json', ['a', 'b', 'c']).scores).toEqual({
      a: 0.5,
      b: -2,
      c: 1000,
    });
    expect(parseScores('a: "7"', 'scores.txt', ['a']).scores).toEqual({ a: 7 });
  });

  it('keeps the keys no column names, of any type, as extra output', () => {
    const text = JSON.stringify({
      score: 12.5,
      all_costs: { 'graph-0': 7, 'graph-1': 10000 },
      per_case: [1, 2, { x: null }],
      status: 'ok',
      flag: true,
      nothing: null,
    });
    expect(parseScores(text, 'scores.json', ['score'])).toEqual({
      scores: { score: 12.5 },
      unknownScoreKeys: [],
      extraScores: {
        all_costs: { 'graph-0': 7, 'graph-1': 10000 },
        per_case: [1, 2, { x: null }],
        status: 'ok',
        flag: true,
        nothing: null,
      },
      notes: [],
    });
    // Python's json.dump writes NaN, which JSON refuses: beside the columns it is kept, as the text it was.
    expect(parseScores('{"acc": 1, "loss": NaN}', 'scores.json', ['acc'])).toMatchObject({
      scores: { acc: 1 },
      extraScores: { loss: 'NaN' },
    });
    expect(parseScores('acc: 1\nloss: .nan\n', 'scores.txt', ['acc'])).toMatchObject({
      scores: { acc: 1 },
      extraScores: { loss: null },
    });
  });

  it('names the columns the file gives no value for, without failing', () => {
    expect(parseScores('{"a": 1}', 'scores.json', ['a', 'b', 'c'])).toMatchObject({
      scores: { a: 1 },
      notes: [
        'scores.json gives no value for the leaderboard columns "b", "c": the cells stay empty unless another task of the phase scores them',
      ],
    });
  });

  it('drops extra output over the cap and says so', () => {
    const parsed = parseScores(JSON.stringify({ a: 1, details: 'x'.repeat(70_000) }), 'scores.json', ['a']);
    expect(parsed.scores).toEqual({ a: 1 });
    expect(parsed.extraScores).toEqual({});
    expect(parsed.notes[0]).toMatch(/^the other keys of scores.json \(1, 70014 bytes of JSON\) are over 65536 bytes/);
  });

  it.each([
    ['{"acc": NaN}', 'scores.json', /score "acc" \(a leaderboard column\) is not a finite number \("NaN"\)/],
    ['{"acc": Infinity}', 'scores.json', /score "acc" \(a leaderboard column\) is not a finite number/],
    ['{"acc": "nope"}', 'scores.json', /score "acc" \(a leaderboard column\) is not a finite number \("nope"\)/],
    ['{"acc": "0x10"}', 'scores.json', /score "acc"/],
    ['{"acc": ""}', 'scores.json', /score "acc"/],
    ['{"acc": null}', 'scores.json', /is not a finite number \(null\)/],
    ['{"acc": true}', 'scores.json', /score "acc"/],
    ['{"acc": {"x": 1}}', 'scores.json', /score "acc" \(a leaderboard column\) is not a finite number \(an object\)/],
    ['acc: .nan', 'scores.txt', /score "acc"/],
    ['acc: .inf', 'scores.txt', /score "acc"/],
    ['[1, 2]', 'scores.json', /scores.json must hold an object/],
    ['0.5', 'scores.txt', /must hold an object/],
    ['', 'scores.txt', /must hold an object/],
    ['{"acc": 1', 'scores.json', /scores.json is not valid JSON/],
    ['acc: [1\n', 'scores.txt', /scores.txt is not valid YAML/],
  ])('refuses %j as invalid_scores, naming the scoring program', (text, file, message) => {
    expect(() => parseScores(text, file, ['acc'])).toThrow(
      expect.objectContaining({ code: 'invalid_scores', message: expect.stringMatching(/^the scoring program's /) }),
    );
    expect(() => parseScores(text, file, ['acc'])).toThrow(
      expect.objectContaining({ message: expect.stringMatching(message) }),
    );
  });
});

describe('readScores', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arena-scores-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers scores.json over scores.txt', async () => {
    await writeFile(join(dir, 'scores.json'), '{"a": 1}');
    await writeFile(join(dir, 'scores.txt'), 'a: 2');
    await expect(readScores(dir, ['a'])).resolves.toMatchObject({ scores: { a: 1 }, unknownScoreKeys: [] });
  });

  it('falls back to scores.txt', async () => {
    await writeFile(join(dir, 'scores.txt'), 'a: 2\n');
    await expect(readScores(dir, ['a'])).resolves.toMatchObject({ scores: { a: 2 }, unknownScoreKeys: [] });
  });

  it('fails with no_scores when neither file exists', async () => {
    await expect(readScores(dir, ['a'])).rejects.toMatchObject({
      code: 'no_scores',
      message: 'the scoring program wrote no scores.json or scores.txt in /app/output',
    });
  });

  it('refuses a symlink, a folder and a file over 1 MiB', async () => {
    await symlink('/etc/hostname', join(dir, 'scores.json'));
    await expect(readScores(dir, ['a'])).rejects.toMatchObject({ code: 'invalid_scores', message: /symbolic link/ });
    await rm(join(dir, 'scores.json'));
    await mkdir(join(dir, 'scores.json'));
    await expect(readScores(dir, ['a'])).rejects.toMatchObject({
      code: 'invalid_scores',
      message: /not a regular file/,
    });
    await rm(join(dir, 'scores.json'), { recursive: true });
    await writeFile(join(dir, 'scores.txt'), `a: 1\n#${'x'.repeat(1024 * 1024)}\n`);
    await expect(readScores(dir, ['a'])).rejects.toMatchObject({
      code: 'invalid_scores',
      message: /larger than 1048576/,
    });
  });
});
