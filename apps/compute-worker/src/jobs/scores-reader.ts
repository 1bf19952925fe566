import { join } from 'node:path';
import { parse } from 'yaml';
import { RunFailure } from './run-failure';
import { readUntrustedFile, UnsafeFileError } from './safe-read';

export const SCORES_MAX_BYTES = 1024 * 1024;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface ParsedScores {
  scores: Record<string, number>;
  /** Keys the program wrote that the leaderboard does not expect (reported, not an error). */
  unknownScoreKeys: string[];
}

/** Reads `scores.json`, else `scores.txt`, from the run's output folder. */
export async function readScores(outputDir: string, scoreKeys: string[]): Promise<ParsedScores> {
  for (const file of ['scores.json', 'scores.txt']) {
    let content: Buffer | null;
    try {
      content = await readUntrustedFile(join(outputDir, file), SCORES_MAX_BYTES, file);
    } catch (e) {
      if (e instanceof UnsafeFileError) throw new RunFailure('invalid_scores', e.message);
      throw e;
    }
    if (content !== null) return parseScores(content.toString('utf8'), file, scoreKeys);
  }
  throw new RunFailure('no_scores', 'the scoring program wrote no scores.json or scores.txt in /app/output');
}

/** A flat map of finite numbers; numeric strings count as numbers. Throws an invalid_scores RunFailure. */
export function parseScores(text: string, file: string, scoreKeys: string[]): ParsedScores {
  const doc = parseDocument(text, file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RunFailure('invalid_scores', `${file} must hold a flat object of score names to numbers`);
  }
  const scores: Record<string, number> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (key.trim() === '') throw new RunFailure('invalid_scores', `${file}: a score has an empty name`);
    const n = toNumber(value);
    if (n === null) {
      throw new RunFailure('invalid_scores', `${file}: score "${key}" is not a finite number (${describe(value)})`);
    }
    scores[key] = n;
  }
  const expected = new Set(scoreKeys);
  return { scores, unknownScoreKeys: Object.keys(scores).filter((k) => !expected.has(k)) };
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
    throw new RunFailure('invalid_scores', `${file} is not valid ${what}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return Array.isArray(value) ? 'a list' : 'an object';
}
