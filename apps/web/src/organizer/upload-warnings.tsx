import { useId } from 'react';
import { ProblemItem } from './problem-list';
import { countProblems, sortProblems, type BundleProblem } from './problems';

export { uploadWarningsOf, type UploadWarningsState } from './problems';

/**
 * What an accepted bundle asks for that is not done as asked: settings kept for export without effect here,
 * organizers it names who have no account; each at its file, YAML path and line.
 */
export function UploadWarnings({
  warnings,
  file,
  onDismiss,
}: {
  warnings: BundleProblem[];
  file: string;
  onDismiss(): void;
}) {
  const titleId = useId();
  return (
    <section className="problems warnings" aria-labelledby={titleId} data-testid="upload-warnings" tabIndex={-1}>
      <h2 id={titleId}>
        {file} was imported with {countProblems(warnings.length, 'warning')}
      </h2>
      <p>These settings of the bundle have no effect here, or could not be applied as written:</p>
      <ol>
        {sortProblems(warnings).map((p, i) => (
          <ProblemItem key={i} p={{ ...p, severity: 'warning' }} />
        ))}
      </ol>
      <div className="row">
        <button type="button" className="secondary" onClick={onDismiss}>
          Dismiss warnings
        </button>
      </div>
    </section>
  );
}
