import { webUrl } from '../lib/competition-facts';
import { hasMetadata, type SubmissionMetadata } from '../lib/submission-metadata';

/** What the submitter said about their method: name, description, code and paper links (only http(s) ones link). */
export function SubmissionMetadataView({ metadata }: { metadata: SubmissionMetadata | null | undefined }) {
  if (!hasMetadata(metadata)) {
    return null;
  }
  const link = (url: string | undefined) => {
    const href = webUrl(url);
    return href ? (
      <a href={href} rel="noopener noreferrer nofollow">
        {url}
      </a>
    ) : (
      url
    );
  };
  return (
    <section aria-labelledby="method-title" className="metadata">
      <h2 id="method-title">Method</h2>
      <dl className="card" data-testid="submission-metadata">
        {metadata.methodName && (
          <>
            <dt>Name</dt>
            <dd>{metadata.methodName}</dd>
          </>
        )}
        {metadata.methodDescription && (
          <>
            <dt>Description</dt>
            <dd>
              <p>{metadata.methodDescription}</p>
            </dd>
          </>
        )}
        {metadata.codeUrl && (
          <>
            <dt>Code</dt>
            <dd>{link(metadata.codeUrl)}</dd>
          </>
        )}
        {metadata.paperUrl && (
          <>
            <dt>Paper</dt>
            <dd>{link(metadata.paperUrl)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
