import { countProblems, problemPlace, type BundleProblem, type RefusalDetails } from './problems';

export function ProblemItem({ p }: { p: BundleProblem }) {
  return (
    <li className={`problem problem-${p.severity}`}>
      <span className="problem-where">
        <span className="problem-file">{problemPlace(p)}</span>
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
export function ProblemList({ refusal, title }: { refusal: RefusalDetails | undefined; title: string }) {
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
          <ProblemItem key={`e${i}`} p={p} />
        ))}
        {warnings.map((p, i) => (
          <ProblemItem key={`w${i}`} p={p} />
        ))}
      </ol>
    </section>
  );
}
