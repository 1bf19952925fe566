import type { BundleProblem } from '../competition.model';

/** `competition.yaml: phases[1].tasks[0]: task index 3 does not exist (line 42)`; warnings get a `warning: ` prefix. */
export function formatProblem(p: BundleProblem): string {
  const where = p.path ? `${p.file}: ${p.path}` : p.file;
  const line = p.line !== undefined ? ` (line ${p.line})` : '';
  return `${p.severity === 'warning' ? 'warning: ' : ''}${where}: ${p.message}${line}`;
}

export function hasErrors(problems: readonly BundleProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
