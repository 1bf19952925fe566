import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_ZIP_LIMITS, SafeZip } from '@arena/safe-zip';
import { parse } from 'yaml';
import * as yazl from 'yazl';

/** The files the worker reads scores from (at the top of the output); the same names deeper are treated alike. */
const SCORE_FILES = new Set(['scores.json', 'scores.txt']);
/** The worker's own cap on a score file: a bigger one was never a valid score file, and is left out. */
const SCORE_FILE_MAX_BYTES = 1024 * 1024;

/**
 * The output zip with `keys` removed from its score files (`scores.json`, `scores.txt`, wherever they are), every
 * other entry copied as stored. A score file that does not read as a flat map of names to values cannot be filtered
 * safely and is left out. Entries are copied one at a time from a temporary copy of the zip, never whole in memory.
 */
export async function withoutScoreKeys(stored: Readable, keys: ReadonlySet<string>): Promise<Readable> {
  const dir = await mkdtemp(join(tmpdir(), 'arena-output-'));
  const cleanup = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  let zip: SafeZip | undefined;
  try {
    const path = join(dir, 'output.zip');
    await pipeline(stored, createWriteStream(path));
    // Our own worker wrote this zip; entries are copied as streams, never unpacked, so no ratio applies.
    zip = await SafeZip.open(path, { ...DEFAULT_ZIP_LIMITS, maxRatio: Number.POSITIVE_INFINITY }, 'output');
    const out = new yazl.ZipFile();
    for (const entry of zip.entries) {
      if (entry.isDirectory) {
        out.addEmptyDirectory(entry.name);
      } else if (SCORE_FILES.has(entry.name.split('/').pop()!)) {
        const text = entry.size <= SCORE_FILE_MAX_BYTES ? await zip.readText(entry.name, SCORE_FILE_MAX_BYTES) : null;
        const filtered = text === null ? null : filterScoreFile(text, entry.name.endsWith('.json'), keys);
        if (filtered !== null) {
          out.addBuffer(Buffer.from(filtered), entry.name);
        }
      } else {
        const source = zip;
        out.addReadStreamLazy(entry.name, {}, (cb) => {
          source.openReadStream(entry.name).then(
            (s) => cb(null, s),
            (e: Error) => cb(e, null as never),
          );
        });
      }
    }
    out.end();
    const result = new PassThrough();
    const opened = zip;
    pipeline(out.outputStream, result)
      .catch((e: unknown) => result.destroy(e as Error))
      .finally(() => {
        opened.close();
        void cleanup();
      });
    return result;
  } catch (e) {
    zip?.close();
    await cleanup();
    throw e;
  }
}

/**
 * A score file without `keys`, written back in its own format (JSON, or `name: value` lines), or null when it is not
 * a flat map of names to plain values (it could not be told apart from what it holds).
 */
export function filterScoreFile(text: string, json: boolean, keys: ReadonlySet<string>): string | null {
  const doc = readScoreDocument(text, json);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return null;
  }
  const kept: [string, unknown][] = [];
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') {
      return null;
    }
    if (!keys.has(k) && !keys.has(k.trim())) {
      kept.push([k, v]);
    }
  }
  if (json) {
    return `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`;
  }
  return kept.map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}\n`).join('');
}

/** As the worker reads them: JSON first for scores.json (Python's NaN is not JSON), else YAML. */
function readScoreDocument(text: string, json: boolean): unknown {
  if (json) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through to YAML, as the worker does
    }
  }
  try {
    return parse(text, { maxAliasCount: 0, uniqueKeys: false });
  } catch {
    return null;
  }
}
