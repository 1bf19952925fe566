import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import * as yazl from 'yazl';
import * as yauzl from 'yauzl';
import { filterScoreFile, withoutScoreKeys } from './output-score-files';

const HIDDEN = new Set(['f1']);

describe('filterScoreFile', () => {
  it.each<[string, string, boolean, string | null]>([
    ['JSON', '{"accuracy": 0.5, "f1": 0.25}', true, '{\n  "accuracy": 0.5\n}\n'],
    ['JSON with a repeated hidden key', '{"f1": 1, "accuracy": 0.5, "f1": 2}', true, '{\n  "accuracy": 0.5\n}\n'],
    [
      "Python's NaN (read as YAML, as the worker does)",
      '{"accuracy": NaN, "f1": 0.25}',
      true,
      '{\n  "accuracy": "NaN"\n}\n',
    ],
    ['key: value lines', 'accuracy: 0.5\nf1: 0.25\nDuration: 3\n', false, 'accuracy: 0.5\nDuration: 3\n'],
    ['a nested value', '{"accuracy": 0.5, "detail": {"f1": 0.25}}', true, null],
    ['not a map', '[0.5, 0.25]', true, null],
    ['not readable', '{{{', false, null],
  ])('%s', (_name, text, json, expected) => {
    expect(filterScoreFile(text, json, HIDDEN)).toBe(expected);
  });
});

async function zipOf(files: Record<string, string>): Promise<Readable> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(text), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) {
    chunks.push(c as Buffer);
  }
  return Readable.from([Buffer.concat(chunks)]);
}

async function entriesOf(stream: Readable): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of stream) {
    chunks.push(c as Buffer);
  }
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.fromBuffer(Buffer.concat(chunks), { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))),
  );
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, s) => {
        if (err) {
          return reject(err);
        }
        // A failed read rejects the whole listing rather than going unhandled.
        buffer(s).then((bytes) => {
          out[entry.fileName] = bytes.toString('utf8');
          zip.readEntry();
        }, reject);
      });
    });
    zip.on('end', resolve);
    zip.readEntry();
  });
  return out;
}

describe('withoutScoreKeys', () => {
  it('rewrites the score files without the hidden keys and copies every other entry', async () => {
    const out = await entriesOf(
      await withoutScoreKeys(
        await zipOf({
          'scores.json': '{"accuracy": 0.5, "f1": 0.25}',
          'deeper/scores.txt': 'f1: 0.25\naccuracy: 0.5\n',
          'predictions.csv': 'id,label\n1,0\n',
          'bad/scores.json': '{"f1": {"nested": 0.25}}',
        }),
        HIDDEN,
      ),
    );
    expect(out).toEqual({
      'scores.json': '{\n  "accuracy": 0.5\n}\n',
      'deeper/scores.txt': 'accuracy: 0.5\n',
      'predictions.csv': 'id,label\n1,0\n',
    });
  });
});
