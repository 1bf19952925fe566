import { useState } from 'react';
import { api, type Schema, unwrap } from '../lib/api';
import { pickChoices } from '../lib/picks';
import { useLoad } from '../lib/use-load';
import { ErrorMessage } from './error-message';

type Board = Schema<'LeaderboardDto'>;

/**
 * A participant's own finished submission: put it on, or take it off, the phase's boards whose submission rule lets
 * participants choose (Codabench Add*). Where the competition locks the boards (CodaLab disallow_leaderboard_modifying)
 * there are no buttons, only a note saying so.
 */
export function LeaderboardPicks({
  submissionId,
  phaseId,
  locked,
}: {
  submissionId: string;
  phaseId: string;
  locked: boolean;
}) {
  const boards = useLoad(
    async () =>
      unwrap(await api.GET('/api/phases/{phaseId}/leaderboard', { params: { path: { phaseId }, query: { limit: 1 } } }))
        .leaderboards,
    [phaseId],
  );
  const choosable = (boards.data ?? []).filter((b) => pickChoices(b.submissionRule, false).add);
  if (locked) {
    return choosable.length || !boards.data ? (
      <p className="muted" data-testid="picks-locked">
        The organizers decide which submissions the leaderboard shows: participants cannot add or remove entries here.
      </p>
    ) : null;
  }
  if (!choosable.length) {
    return null;
  }
  return (
    <section aria-labelledby="picks-title">
      <h2 id="picks-title">Leaderboard entry</h2>
      {choosable.map((b) => (
        <BoardPick key={b.key} board={b} phaseId={phaseId} submissionId={submissionId} />
      ))}
    </section>
  );
}

function BoardPick({ board, phaseId, submissionId }: { board: Board; phaseId: string; submissionId: string }) {
  const choices = pickChoices(board.submissionRule, false);
  // "My rank" lists the caller's rows: whether this submission is on the board now (best effort on large boards).
  const me = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/phases/{phaseId}/leaderboards/{key}/me', { params: { path: { phaseId, key: board.key } } }),
      ),
    [phaseId, board.key],
  );
  const [on, setOn] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const shown = on ?? me.data?.rows.some((r) => r.mine && r.submissionId === submissionId);

  async function change(put: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const opts = { params: { path: { id: submissionId }, query: { key: board.key } } };
      const r = unwrap(
        put
          ? await api.POST('/api/submissions/{id}/leaderboard', opts)
          : await api.DELETE('/api/submissions/{id}/leaderboard', opts),
      );
      setOn(r.leaderboards.find((l) => l.key === board.key)?.onLeaderboard ?? put);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card" data-testid={`pick-${board.key}`}>
      <p role="status">
        {board.title}:{' '}
        {shown === undefined
          ? '…'
          : shown
            ? 'this submission is on the leaderboard.'
            : 'this submission is not on the leaderboard.'}
      </p>
      <div className="row">
        {!shown && (
          <button type="button" disabled={busy} onClick={() => void change(true)}>
            Put on {board.title}
          </button>
        )}
        {shown && choices.remove && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void change(false)}>
            Remove from {board.title}
          </button>
        )}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
