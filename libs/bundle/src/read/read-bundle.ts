import type { BundleFormat, BundleProblem, CompetitionModel } from '../competition.model';
import {
  EMPTY_SUMMARY,
  parseCompetitionYaml,
  type BundleSummary,
  type ParseResult,
} from '../parse/parse-competition-yaml';
import { hasErrors } from '../problems/bundle-problem';
import { BundleOpenError, type BundleSource, type BundleVerification } from '../source/bundle-source';
import { DEFAULT_BUNDLE_LIMITS, openBundle, type BundleLimits } from '../source/open-bundle';
import { checkParts } from './part-checks';

export interface ReadBundleResult extends ParseResult {
  /**
   * The open bundle, for streaming its parts (writePartZip); present whenever it could be opened, even with
   * problems in the YAML. The caller closes it.
   */
  source?: BundleSource;
  /** Why the bundle could not be opened at all (missing path, not a zip, unsafe zip, no competition.yaml). */
  openError?: BundleOpenError;
}

/**
 * Opens a bundle, parses its competition file, and checks what the YAML names: the files exist, nested zips are
 * zips (and safe), programs have a command. `model` is present only when there is no error. `name` names the bundle
 * in problems instead of its path (an upload's temporary file). With `verify: 'deferred'`, a zip's files are not read
 * through at open: competition.yaml is read and checked first (a bad one is refused after reading only it and the
 * central directory), and the caller awaits `source.verified()` before keeping anything it copied from the bundle.
 */
export async function readBundle(
  path: string,
  limits: Partial<BundleLimits> = {},
  name?: string,
  verify: BundleVerification = 'at-open',
): Promise<ReadBundleResult> {
  const caps = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  let source: BundleSource;
  try {
    source = await openBundle(path, caps, name, verify);
  } catch (e) {
    if (!(e instanceof BundleOpenError)) {
      throw e;
    }
    const problems = e.problems.map((message): BundleProblem => ({
      severity: 'error',
      file: e.file,
      path: '',
      message,
    }));
    return { problems, format: null, summary: EMPTY_SUMMARY, parts: [], openError: e };
  }
  const file = source.competitionFile ?? 'competition.yaml';
  let text: string;
  try {
    text = await source.readText(file, caps.maxYamlBytes);
  } catch (e) {
    const message = `cannot be read (${(e as Error).message})`;
    const problems: BundleProblem[] = [{ severity: 'error', file, path: '', message }];
    return { problems, format: null, summary: EMPTY_SUMMARY, parts: [], source };
  }
  const parsed = parseCompetitionYaml(text, source, file, { maxBytes: caps.maxYamlBytes });
  const deeper = await checkParts(source, parsed.parts, file, caps);
  const problems = [...parsed.problems, ...deeper];
  const { model, ...rest } = parsed;
  return { ...rest, ...(model && !hasErrors(problems) ? { model } : {}), problems, source };
}

export interface BundleValidation {
  valid: boolean;
  format: BundleFormat | null;
  errors: Omit<BundleProblem, 'severity'>[];
  warnings: Omit<BundleProblem, 'severity'>[];
  summary: BundleSummary;
  /** The model, when valid; the CLI leaves it out of its output. */
  model?: CompetitionModel;
  /** Set when the bundle could not be opened at all: a missing or unreadable path is a usage problem. */
  openErrorCode?: BundleOpenError['code'];
}

/** readBundle for one-shot checks (the CLI): the source is closed, problems are split into errors and warnings. */
export async function validateBundle(path: string, limits: Partial<BundleLimits> = {}): Promise<BundleValidation> {
  const result = await readBundle(path, limits);
  result.source?.close();
  const strip = ({ severity: _severity, ...p }: BundleProblem): Omit<BundleProblem, 'severity'> => p;
  const errors = result.problems.filter((p) => p.severity === 'error').map(strip);
  return {
    valid: errors.length === 0,
    format: result.format,
    errors,
    warnings: result.problems.filter((p) => p.severity === 'warning').map(strip),
    summary: result.summary,
    ...(result.model ? { model: result.model } : {}),
    ...(result.openError ? { openErrorCode: result.openError.code } : {}),
  };
}
