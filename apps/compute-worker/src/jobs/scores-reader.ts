import { join } from 'node:path';
import { EXTRA_SCORES_MAX_BYTES, type ExtraScores } from '@arena/worker-protocol';
import { parse } from 'yaml';
import { RunFailure } from './run-failure';
import { readUntrustedFile, UnsafeFileError } from './safe-read';

export const SCORES_MAX_BYTES = 1024 * 1024;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface ParsedScores {
  /** Every key with a finite number (numeric strings count): the leaderboard columns' and any other. */
  scores: Record<string, number>;
  /** Numeric keys the leaderboard does not expect (reported, not an error). */
  unknownScoreKeys: string[];
  /**
   * Keys no leaderboard column names whose values are not numbers (details, per-case lists, nested objects), as
   * written: kept with the run for its submitter and the organizers, never a reason to fail it (Codabench reads only
   * its columns' keys and ignores the rest).
   */
  extraScores: ExtraScores;
  /** Lines for the run's log: columns the file gives no value for, extra output too large to keep. */
  notes: string[];
}

/** Reads `scores.json`, else `scores.txt`, from the run's output folder. */
export async function readScores(outputDir: string, scoreKeys: string[]): Promise<ParsedScores> {
  for (const file of ['scores.json', 'scores.txt']) {
    let content: Buffer | null;
    try {
      content = await readUntrustedFile(join(outputDir, file), SCORES_MAX_BYTES, file);
    } catch (e) {
      if (e instanceof UnsafeFileError) {
        throw new RunFailure('invalid_scores', `the scoring program's ${e.message}`);
      }
      throw e;
    }
    if (content !== null) {
      return parseScores(content.toString('utf8'), file, scoreKeys);
    }
  }
  throw new RunFailure('no_scores', 'the scoring program wrote no scores.json or scores.txt in /app/output');
}

/**
 * An object of scores. Only the keys a leaderboard column names (`scoreKeys`) must be finite numbers; a column's key
 * that is missing is named in `notes`. Throws an invalid_scores RunFailure.
 */
export function parseScores(text: string, file: string, scoreKeys: string[]): ParsedScores {
  const doc = parseDocument(text, file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RunFailure(
      'invalid_scores',
      `the scoring program's ${file} must hold an object of score names to numbers`,
    );
  }
  const columns = new Set(scoreKeys);
  const scores: Record<string, number> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    // A key without a name can be no column; it is nothing anybody could read back either.
    if (key.trim() === '') {
      continue;
    }
    const n = toNumber(value);
    if (n !== null) {
      scores[key] = n;
    } else if (columns.has(key)) {
      throw new RunFailure(
        'invalid_scores',
        `the scoring program's ${file}: score "${key}" (a leaderboard column) is not a finite number (${describe(value)})`,
      );
    } else {
      extra[key] = value;
    }
  }
  const notes: string[] = [];
  const missing = scoreKeys.filter((k) => !Object.hasOwn(scores, k));
  if (missing.length > 0) {
    notes.push(
      `${file} gives no value for the leaderboard column${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}: ` +
        'the cells stay empty unless another task of the phase scores them',
    );
  }
  return {
    scores,
    unknownScoreKeys: Object.keys(scores).filter((k) => !columns.has(k)),
    ...keptExtra(extra, file, notes),
    notes,
  };
}

/** The extra keys as JSON (NaN and infinities become null), or none with a note when they are too large to keep. */
function keptExtra(extra: Record<string, unknown>, file: string, notes: string[]): { extraScores: ExtraScores } {
  if (Object.keys(extra).length === 0) {
    return { extraScores: {} };
  }
  const json = JSON.stringify(extra);
  const bytes = Buffer.byteLength(json);
  if (bytes > EXTRA_SCORES_MAX_BYTES) {
    notes.push(
      `the other keys of ${file} (${Object.keys(extra).length}, ${bytes} bytes of JSON) are over ${EXTRA_SCORES_MAX_BYTES} bytes: ` +
        `they are not shown with the run, the output zip keeps ${file} whole`,
    );
    return { extraScores: {} };
  }
  return { extraScores: JSON.parse(json) as ExtraScores };
}

function parseDocument(text: string, file: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch {
      // Python's json.dump writes NaN and Infinity, which JSON.parse refuses; YAML reads them so the
      // message can name the key. Anything else that is not JSON stays an error.
    }
  }
  try {
    return parse(text, { maxAliasCount: 0, uniqueKeys: false });
  } catch (e) {
    const what = file.endsWith('.json') ? 'JSON' : 'YAML (key: value lines)';
    throw new RunFailure(
      'invalid_scores',
      `the scoring program's ${file} is not valid ${what}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && NUMERIC.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  }
  return Array.isArray(value) ? 'a list' : 'an object';
}
