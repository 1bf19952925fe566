import type { BundleFormat, BundleProblem, CompetitionModel } from '../competition.model';
import { hasErrors } from '../problems/bundle-problem';
import type { BundleFileIndex } from '../source/bundle-source';
import { readYaml } from '../yaml/read-yaml';
import { ParseContext, type PartUse } from './parse-context';
import { isPlainMap } from './value-readers';
import { parseCompetitionV1 } from './v1/competition-v1.parser';
import { parseCompetitionV2 } from './v2/competition-v2.parser';

export interface BundleSummary {
  title: string | null;
  phases: number;
  tasks: number;
  leaderboards: number;
}

export interface ParseResult {
  /** Present only when there is no error: a model with errors must never be stored. */
  model?: CompetitionModel;
  problems: BundleProblem[];
  /** The format the file was read as; null when it could not be told (missing or unsupported version). */
  format: BundleFormat | null;
  /** Counts taken from the model, or from the raw YAML when the model could not be built. */
  summary: BundleSummary;
  /** Parts named by path (each use), for the deeper checks and for storing each part once. */
  parts: PartUse[];
}

export interface ParseOptions {
  maxBytes?: number;
}

const V1_VERSIONS = ['1', '1.0', '1.5', '1.8'];
export const EMPTY_SUMMARY: BundleSummary = { title: null, phases: 0, tasks: 0, leaderboards: 0 };

/**
 * Reads competition.yaml (CodaLab v1/1.5/1.8 or Codabench v2) into the normalized model, collecting every problem
 * with its YAML path and line. `files` answers whether the pages, programs and data the YAML names exist.
 */
export function parseCompetitionYaml(
  text: string,
  files: BundleFileIndex,
  fileName = 'competition.yaml',
  options: ParseOptions = {},
): ParseResult {
  const read = readYaml(text, { file: fileName, maxBytes: options.maxBytes ?? 1024 * 1024 });
  const problems = read.problems;
  const ctx = new ParseContext(fileName, problems, read.lines, files);
  if (read.value === undefined && hasErrors(problems)) {
    return { problems, format: null, summary: EMPTY_SUMMARY, parts: [] };
  }
  const root = read.value;
  if (root === null || root === undefined || root === '') {
    ctx.error([], 'the file is empty');
    return { problems, format: null, summary: EMPTY_SUMMARY, parts: [] };
  }
  if (!isPlainMap(root)) {
    ctx.error([], 'must be a map of settings (title: …, phases: …) at the top level');
    return { problems, format: null, summary: EMPTY_SUMMARY, parts: [] };
  }
  const { format, readAs, sourceVersion } = detectVersion(ctx, root);
  const model =
    readAs === 'v2' ? parseCompetitionV2(ctx, root, sourceVersion) : parseCompetitionV1(ctx, root, sourceVersion);
  const ok = !hasErrors(problems) && format !== null;
  const summary = ok ? summaryOf(model) : rawSummary(root, readAs);
  return { ...(ok ? { model } : {}), problems, format, summary, parts: ctx.parts };
}

/**
 * `version: 2` → v2; 1, 1.5, 1.8 or none → v1 (as Codabench does). A file shaped like v2 without a version is an
 * error: Codabench would read it as v1 and fail with an unrelated message. Parsing goes on either way, so that
 * every other problem is reported too.
 */
function detectVersion(
  ctx: ParseContext,
  root: Record<string, unknown>,
): { format: BundleFormat | null; readAs: BundleFormat; sourceVersion: string | null } {
  const looksV2 = Array.isArray(root.tasks) || Array.isArray(root.leaderboards) || Array.isArray(root.phases);
  const raw = root.version;
  if (raw === undefined || raw === null) {
    if (looksV2) {
      ctx.error(['version'], 'version is missing: add `version: 2` (a file without version is read as CodaLab v1)');
      return { format: null, readAs: 'v2', sourceVersion: null };
    }
    ctx.warn(['version'], 'version is missing; the file is read as CodaLab v1 (add version: 1.5 to say so)');
    return { format: 'v1', readAs: 'v1', sourceVersion: null };
  }
  const version = String(raw).trim();
  if (version === '2') {
    return { format: 'v2', readAs: 'v2', sourceVersion: version };
  }
  if (V1_VERSIONS.includes(version)) {
    return { format: 'v1', readAs: 'v1', sourceVersion: version };
  }
  ctx.error(['version'], `version ${version} is not supported: use 2 (Codabench) or 1.5 (CodaLab)`);
  return { format: null, readAs: looksV2 ? 'v2' : 'v1', sourceVersion: version };
}

function summaryOf(model: CompetitionModel): BundleSummary {
  const { title, phases, tasks, leaderboards } = model;
  return { title, phases: phases.length, tasks: tasks.length, leaderboards: leaderboards.length };
}

function rawSummary(root: Record<string, unknown>, readAs: BundleFormat): BundleSummary {
  const count = (v: unknown): number => (Array.isArray(v) ? v.length : isPlainMap(v) ? Object.keys(v).length : 0);
  const title = typeof root.title === 'string' || typeof root.title === 'number' ? String(root.title) : null;
  if (readAs === 'v2') {
    return { title, phases: count(root.phases), tasks: count(root.tasks), leaderboards: count(root.leaderboards) };
  }
  const board = isPlainMap(root.leaderboard) ? root.leaderboard.leaderboards : undefined;
  return { title, phases: count(root.phases), tasks: count(root.phases), leaderboards: count(board) };
}
