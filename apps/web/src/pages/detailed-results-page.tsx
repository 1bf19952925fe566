import { useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { SandboxedHtml } from '../components/sandboxed-html';
import { fetchText } from '../lib/download';
import { useLoad } from '../lib/use-load';

/**
 * A leaderboard row's detailed results, where the competition shows them on its leaderboard: the scoring program's
 * HTML in a sandboxed frame (no scripts, no access to our origin).
 */
export function DetailedResultsPage() {
  const { submissionId = '' } = useParams();
  const page = useLoad(() => fetchText(`/api/submissions/${submissionId}/detailed-results`), [submissionId]);
  return (
    <>
      <h1>Detailed results</h1>
      <p className="muted">Submission {submissionId.slice(0, 8)}</p>
      {page.loading && <Loading />}
      <ErrorMessage error={page.error} />
      {page.data && <SandboxedHtml html={page.data} title="Detailed results" />}
    </>
  );
}
