import { countProblems, problemPlace, type BundleProblem, type RefusalDetails } from './problems';

export function ProblemItem({ p, onGoToLine }: { p: BundleProblem; onGoToLine?(line: number): void }) {
  const line = onGoToLine && p.line !== undefined ? p.line : undefined;
  return (
    <li className={`problem problem-${p.severity}`}>
      <span className="problem-where">
        {line !== undefined ? (
          // The place is a button into the editor: it selects the line and scrolls it into view.
          <button
            type="button"
            className="link problem-file"
            onClick={() => onGoToLine!(line)}
            aria-label={`Go to line ${line}: ${p.message}`}
          >
            {problemPlace(p)}
          </button>
        ) : (
          <span className="problem-file">{problemPlace(p)}</span>
        )}
        {p.path && (
          <>
            {' '}
            <code className="problem-path">{p.path}</code>
          </>
        )}
      </span>
      <span className="problem-message">{p.message}</span>
    </li>
  );
}

/**
 * The validator's problems of a refused bundle or YAML edit, each with its file, YAML path and line in front, so an
 * organizer can go straight to the spot. Announced as an alert when it appears.
 */
export function ProblemList({
  refusal,
  title,
  onGoToLine,
}: {
  refusal: RefusalDetails | undefined;
  title: string;
  /** Given where the problems' lines are in an editor on the page: each line becomes a button to it. */
  onGoToLine?(line: number): void;
}) {
  if (!refusal) {
    return null;
  }
  const { problems, warnings } = refusal;
  return (
    <section className="problems" role="alert" aria-label={title} data-testid="bundle-problems">
      <p className="error">
        {title}: {countProblems(problems.length)}
        {warnings.length ? `, ${countProblems(warnings.length, 'warning')}` : ''}.{' '}
        {problems.length === 1 ? 'Fix it' : 'Fix them'} and try again.
      </p>
      <ol>
        {problems.map((p, i) => (
          <ProblemItem key={`e${i}`} p={p} onGoToLine={onGoToLine} />
        ))}
        {warnings.map((p, i) => (
          <ProblemItem key={`w${i}`} p={p} onGoToLine={onGoToLine} />
        ))}
      </ol>
    </section>
  );
}
