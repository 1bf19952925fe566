import { formatProblem, validateBundle, type BundleProblem, type BundleValidation } from '@arena/bundle';
import type { Command } from 'commander';
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
}

/** `arena bundle validate <path>`: 0 valid (warnings allowed), 1 errors, 2 path missing or unreadable. */
export async function bundleValidate(path: string, options: BundleValidateOptions, io: CliIo): Promise<number> {
  const result = await validateBundle(path);
  const usage = result.openErrorCode === 'not-found' || result.openErrorCode === 'unreadable';
  if (options.json) io.out(JSON.stringify(toJson(result), null, 2));
  else printHuman(path, result, io);
  if (usage) return ExitCode.usage;
  return result.valid ? ExitCode.ok : ExitCode.invalid;
}

export function registerBundleValidate(bundle: Command, io: CliIo, setExit: (code: number) => void): void {
  bundle
    .command('validate')
    .description('check a competition bundle (zip or folder): every problem with its file, YAML path and line')
    .argument('<path>', 'bundle zip, bundle folder, or its competition.yaml')
    .option('--json', 'print one JSON object: { valid, format, errors, warnings, summary }')
    .action(async (path: string, options: BundleValidateOptions) => setExit(await bundleValidate(path, options, io)));
}

function toJson(result: BundleValidation): BundleValidateJson {
  const problem = (p: Omit<BundleProblem, 'severity'>): JsonProblem => ({
    file: p.file,
    path: p.path,
    line: p.line ?? null,
    message: p.message,
  });
  return {
    valid: result.valid,
    format: result.format,
    errors: result.errors.map(problem),
    warnings: result.warnings.map(problem),
    summary: result.summary,
  };
}

function printHuman(path: string, result: BundleValidation, io: CliIo): void {
  for (const p of result.errors) io.out(formatProblem({ ...p, severity: 'error' }));
  for (const p of result.warnings) io.out(formatProblem({ ...p, severity: 'warning' }));
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
