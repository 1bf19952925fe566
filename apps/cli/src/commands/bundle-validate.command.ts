import {
  bundleKeyOfPath,
  COMPETITION_YAML_REFERENCE,
  formatProblem,
  validateBundle,
  type BundleProblem,
  type BundleValidation,
} from '@arena/bundle';
import type { Command } from 'commander';
import { type CliEnv, loadCredentials } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';

export interface BundleValidateOptions {
  json?: boolean;
}

/** The JSON printed by `--json`: a stable shape for scripts and CI (line is null when unknown). */
export interface BundleValidateJson {
  valid: boolean;
  format: 'v1' | 'v2' | null;
  errors: JsonProblem[];
  warnings: JsonProblem[];
  summary: BundleValidation['summary'];
}

interface JsonProblem {
  file: string;
  path: string;
  line: number | null;
  message: string;
  /** The reference entry of the key the problem is at (or the reference page, for the file as a whole). */
  docs: string;
}

/**
 * `arena bundle validate <path>`: 0 valid (warnings allowed), 1 errors, 2 path missing or unreadable. Each problem
 * ends with the link to its key in the competition.yaml reference.
 */
export async function bundleValidate(
  path: string,
  options: BundleValidateOptions,
  io: CliIo,
  env: CliEnv = {},
): Promise<number> {
  const result = await validateBundle(path);
  const usage = result.openErrorCode === 'not-found' || result.openErrorCode === 'unreadable';
  const docs = docsLink(await docsBase(env), result.format);
  if (options.json) {
    io.out(JSON.stringify(toJson(result, docs), null, 2));
  } else {
    printHuman(path, result, io, docs);
  }
  if (usage) {
    return ExitCode.usage;
  }
  return result.valid ? ExitCode.ok : ExitCode.invalid;
}

/** The docs site: ARENA_DOCS_URL, else the /docs of the server `arena login` saved (or ARENA_URL), else a local one. */
export async function docsBase(env: CliEnv): Promise<string> {
  if (env.ARENA_DOCS_URL) {
    return env.ARENA_DOCS_URL.replace(/\/+$/, '');
  }
  const { url } = await loadCredentials(env);
  return `${(url ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')}/docs`;
}

/** The link for a problem at `path`: its key's entry in the reference of the bundle's format. */
export function docsLink(base: string, format: 'v1' | 'v2' | null): (path: string) => string {
  const page = `${base}/${COMPETITION_YAML_REFERENCE}`;
  return (path) => {
    const key = bundleKeyOfPath(format ?? 'v2', path);
    return key ? `${page}#${key.anchor}` : `${page}#${format ?? 'v2'}`;
  };
}

export function registerBundleValidate(
  bundle: Command,
  io: CliIo,
  setExit: (code: number) => void,
  env: CliEnv = process.env,
): void {
  bundle
    .command('validate')
    .description('check a competition bundle (zip or folder): every problem with its file, YAML path and line')
    .argument('<path>', 'bundle zip, bundle folder, or its competition.yaml')
    .option('--json', 'print one JSON object: { valid, format, errors, warnings, summary }')
    .action(async (path: string, options: BundleValidateOptions) =>
      setExit(await bundleValidate(path, options, io, env)),
    );
}

function toJson(result: BundleValidation, docs: (path: string) => string): BundleValidateJson {
  const problem = (p: Omit<BundleProblem, 'severity'>): JsonProblem => ({
    file: p.file,
    path: p.path,
    line: p.line ?? null,
    message: p.message,
    docs: docs(p.path),
  });
  return {
    valid: result.valid,
    format: result.format,
    errors: result.errors.map(problem),
    warnings: result.warnings.map(problem),
    summary: result.summary,
  };
}

function printHuman(path: string, result: BundleValidation, io: CliIo, docs: (path: string) => string): void {
  for (const p of result.errors) {
    io.out(`${formatProblem({ ...p, severity: 'error' })} -- see ${docs(p.path)}`);
  }
  for (const p of result.warnings) {
    io.out(`${formatProblem({ ...p, severity: 'warning' })} -- see ${docs(p.path)}`);
  }
  const { summary } = result;
  const counts = [
    plural(summary.phases, 'phase'),
    plural(summary.tasks, 'task'),
    plural(summary.leaderboards, 'leaderboard'),
  ].join(', ');
  const title = summary.title !== null ? ` "${summary.title}"` : '';
  const format = result.format ? `${result.format} ` : '';
  const verdict = result.valid ? `valid ${format}bundle` : `invalid ${format}bundle`;
  const problems = `${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}`;
  // A bundle that could not be read has nothing to count.
  const read = result.format !== null || summary.title !== null;
  io.out(`${path}: ${verdict}${title}${read ? `: ${counts}` : ''}; ${problems}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
