import type { Schema } from '../lib/api';

type Competition = Schema<'CompetitionDto'>;

const WHO: Record<string, string> = {
  draft: 'This competition is a draft: only its organizers see it.',
  unlisted: 'This competition is unlisted: only people with its link see it.',
  private: 'This competition is private: only its invited and approved participants see it.',
};

/** Who can see the competition (when not everyone) and whether it is archived: read-only. */
export function AccessNotice({ competition: c }: { competition: Competition }) {
  return (
    <>
      {c.visibility !== 'public' && (
        <p className="notice" role="note" data-testid="visibility-notice">
          {WHO[c.visibility]}
        </p>
      )}
      {c.archivedAt && (
        <p className="notice" role="note" data-testid="archived-notice">
          This competition is archived: its results stay, but it takes no new submission or registration.
        </p>
      )}
    </>
  );
}
