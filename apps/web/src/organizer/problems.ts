/**
 * A refused bundle or YAML edit answers 400 with `details.problems` (and `details.warnings`), each naming the file,
 * the YAML path and the line where known (libs/bundle BundleProblem). The typed client does not describe `details`,
 * so this reads it defensively from the error body.
 */
export interface BundleProblem {
  severity: 'error' | 'warning';
  file: string;
  /** YAML path such as `phases[1].tasks[0]`, or '' for the file as a whole. */
  path: string;
  line?: number;
  message: string;
}

export interface RefusalDetails {
  problems: BundleProblem[];
  warnings: BundleProblem[];
}

function asProblem(x: unknown, fallbackSeverity: BundleProblem['severity']): BundleProblem | undefined {
  if (!x || typeof x !== 'object') {
    return undefined;
  }
  const o = x as Record<string, unknown>;
  if (typeof o.message !== 'string') {
    return undefined;
  }
  return {
    severity: o.severity === 'warning' || o.severity === 'error' ? o.severity : fallbackSeverity,
    file: typeof o.file === 'string' ? o.file : '',
    path: typeof o.path === 'string' ? o.path : '',
    line: typeof o.line === 'number' ? o.line : undefined,
    message: o.message,
  };
}

/** The problems of an API error body, or undefined when it is not a refused bundle or edit. */
export function refusalOf(body: unknown): RefusalDetails | undefined {
  if (!body || typeof body !== 'object') {
    return undefined;
  }
  const details = (body as { details?: unknown }).details;
  if (!details || typeof details !== 'object') {
    return undefined;
  }
  const { problems, warnings } = details as { problems?: unknown; warnings?: unknown };
  if (!Array.isArray(problems)) {
    return undefined;
  }
  const list = (xs: unknown, s: BundleProblem['severity']) =>
    (Array.isArray(xs) ? xs : []).map((x) => asProblem(x, s)).filter((p): p is BundleProblem => p !== undefined);
  return { problems: sortProblems(list(problems, 'error')), warnings: sortProblems(list(warnings, 'warning')) };
}

/** By file, then line (unknown lines last), then YAML path: the order an organizer fixes them in. */
export function sortProblems(problems: BundleProblem[]): BundleProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      a.path.localeCompare(b.path),
  );
}

/** "competition.yaml, line 23" or "pages/overview.md": where to look. */
export function problemPlace(p: BundleProblem): string {
  const file = p.file || 'bundle';
  return p.line !== undefined ? `${file}, line ${p.line}` : file;
}

/** One line for screen readers and copying: `competition.yaml › phases[0].tasks[0] (line 23): message`. */
export function problemText(p: BundleProblem): string {
  const where = [p.file || 'bundle', p.path].filter(Boolean).join(' › ');
  const line = p.line !== undefined ? ` (line ${p.line})` : '';
  return `${p.severity === 'warning' ? 'Warning: ' : ''}${where}${line}: ${p.message}`;
}

/** "1 problem", "3 problems". */
export function countProblems(n: number, noun = 'problem'): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Handed from the bundle upload to the new competition's page (router state), so the organizer reads them there. */
export interface UploadWarningsState {
  uploadWarnings: BundleProblem[];
  uploadedFile: string;
}

/** The upload's warnings in a router state, checked (a state restored from history may hold anything); none: undefined. */
export function uploadWarningsOf(state: unknown): UploadWarningsState | undefined {
  if (!state || typeof state !== 'object') {
    return undefined;
  }
  const s = state as { uploadWarnings?: unknown; uploadedFile?: unknown };
  const warnings = (Array.isArray(s.uploadWarnings) ? s.uploadWarnings : [])
    .map((x) => asProblem(x, 'warning'))
    .filter((p): p is BundleProblem => p !== undefined);
  if (!warnings.length) {
    return undefined;
  }
  return { uploadWarnings: warnings, uploadedFile: typeof s.uploadedFile === 'string' ? s.uploadedFile : 'The bundle' };
}
