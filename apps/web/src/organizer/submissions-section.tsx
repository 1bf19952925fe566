import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { DownloadButton } from '../components/download-button';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { StatusBadge } from '../components/status-badge';
import { api, unwrap, type Schema } from '../lib/api';
import { formatBytes, formatDateTime } from '../lib/dates';
import { countHeld, isHeld } from '../lib/held-runs';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import type { Competition } from './organize-competition-page';
import { formatColumnScore, scoreColumns, type ScoreColumn } from '../lib/score-columns';
import { canCancel, canRerun, failureSummary, shortId } from './submission-actions';
import { useAction } from './use-action';

type Submission = Schema<'SubmissionDto'>;
type RerunStatus = 'finished' | 'failed' | 'cancelled';

/** A failure's first line, with the whole message (a traceback) to open in a scrollable block. */
function Failure({ message }: { message: string }) {
  const { first, more } = failureSummary(message);
  if (!more) {
    return <div className="failure muted">{first}</div>;
  }
  return (
    <details className="failure">
      <summary>
        <span className="muted">{first}</span> <span className="visually-hidden">Read the whole message</span>
      </summary>
      <pre data-testid="failure-message">{message}</pre>
    </details>
  );
}

function Row({
  s,
  columns,
  selected,
  onSelect,
  action,
  onRerun,
  onCancel,
  onRun,
}: {
  s: Submission;
  columns: ScoreColumn[];
  selected: boolean;
  onSelect(on: boolean): void;
  action: { busy: boolean };
  onRerun(): void;
  onCancel(): void;
  onRun(): void;
}) {
  const worker = s.runs
    ?.map((r) => r.workerName)
    .filter(Boolean)
    .join(', ');
  const label = `submission ${shortId(s.id)}`;
  return (
    <tr data-testid={`submission-${s.id}`}>
      <td>
        <input
          type="checkbox"
          checked={selected}
          disabled={!canRerun(s.status)}
          onChange={(e) => onSelect(e.target.checked)}
          aria-label={`Select ${label}`}
        />
      </td>
      <th scope="row">
        <Link to={`/submissions/${s.id}`}>{shortId(s.id)}</Link>
        {s.rerunOf ? <span className="muted"> (re-run of {shortId(s.rerunOf)})</span> : null}
      </th>
      <td className="actions-cell">
        <div className="row">
          {isHeld(s) && (
            <button type="button" disabled={action.busy} onClick={onRun} aria-label={`Run ${label}`}>
              Run
            </button>
          )}
          {canRerun(s.status) && (
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={onRerun}
              aria-label={`Re-run ${label}`}
            >
              Re-run
            </button>
          )}
          {canCancel(s.status) && (
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={onCancel}
              aria-label={`Cancel ${label}`}
            >
              Cancel
            </button>
          )}
          <DownloadButton
            path={`/api/submissions/${s.id}/file`}
            filename={`submission-${shortId(s.id)}.zip`}
            label={`Download ${shortId(s.id)}`}
          />
        </div>
      </td>
      <td>
        <span className="cell-text">
          {s.submitter ?? '—'}
          {s.teamName ? <span className="muted"> ({s.teamName})</span> : null}
        </span>
      </td>
      <td>{formatDateTime(s.createdAt)}</td>
      <td>
        <span className="cell-text">{s.description || <span className="muted">—</span>}</span>
      </td>
      <td>
        <StatusBadge status={s.status} />
        {isHeld(s) ? <div className="muted">waiting for you to run it</div> : null}
        {s.failureMessage ? <Failure message={s.failureMessage} /> : null}
      </td>
      {columns.map((c) => (
        <td key={c.key} className="num">
          {formatColumnScore(s.scores?.[c.key], c)}
        </td>
      ))}
      <td>
        <span className="cell-text">{worker || '—'}</span>
      </td>
      <td className="num">{formatBytes(s.fileSize)}</td>
    </tr>
  );
}

/** The API's largest page of submissions. */
const PAGE = 200;

function PhaseSubmissions({
  phaseId,
  phaseName,
  autoRun,
  boards,
}: {
  phaseId: string;
  phaseName: string;
  autoRun: boolean;
  boards: Competition['leaderboards'];
}) {
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/phases/{phaseId}/submissions', {
          params: { path: { phaseId }, query: { limit: PAGE, offset } },
        }),
      ),
    [phaseId, offset],
  );
  const action = useAction();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [statuses, setStatuses] = useState<Set<RerunStatus>>(new Set(['finished', 'failed']));

  const rerun = (id: string) =>
    api.POST('/api/submissions/{id}/rerun', { params: { path: { id } }, body: {} }).then(unwrap);
  async function after(ok: boolean) {
    if (ok) {
      setSelected(new Set());
      list.reload();
    }
  }

  const subs = list.data ?? [];
  const columns = scoreColumns(boards, subs);
  const held = countHeld(subs);
  return (
    <>
      <div className="row">
        <button type="button" className="secondary" onClick={list.reload}>
          Refresh
        </button>
        <button
          type="button"
          disabled={!selected.size || action.busy}
          onClick={() => {
            if (!window.confirm(`Run the ${selected.size} selected submission(s) again?`)) {
              return;
            }
            void action
              .run(async () => {
                for (const id of selected) {
                  await rerun(id);
                }
              }, `${selected.size} submission(s) sent to run again.`)
              .then(after);
          }}
        >
          Re-run selected ({selected.size})
        </button>
        {(held > 0 || !autoRun) && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action
                .run(
                  async () =>
                    unwrap(await api.POST('/api/phases/{phaseId}/run-held', { params: { path: { phaseId } } })),
                  (r) => `${r.released} waiting run(s) of ${phaseName} sent to the workers.`,
                )
                .then(after)
            }
          >
            Run all waiting{held ? ` (${held})` : ''}
          </button>
        )}
        <DownloadButton
          path={`/api/phases/${phaseId}/submissions/export`}
          filename="submissions.csv"
          label="Export submissions (CSV)"
        />
      </div>
      <fieldset>
        <legend>Re-run the whole phase</legend>
        <div className="row">
          {(['finished', 'failed', 'cancelled'] as RerunStatus[]).map((st) => (
            <label key={st} className="checkbox">
              <input
                type="checkbox"
                checked={statuses.has(st)}
                onChange={(e) =>
                  setStatuses((prev) => {
                    const next = new Set(prev);
                    if (e.target.checked) {
                      next.add(st);
                    } else {
                      next.delete(st);
                    }
                    return next;
                  })
                }
              />
              {st}
            </label>
          ))}
          <button
            type="button"
            className="secondary"
            disabled={!statuses.size || action.busy}
            onClick={() => {
              if (!window.confirm(`Run every ${[...statuses].join(', ')} submission of ${phaseName} again?`)) {
                return;
              }
              void action
                .run(
                  async () =>
                    unwrap(
                      await api.POST('/api/phases/{phaseId}/rerun', {
                        params: { path: { phaseId } },
                        body: { statuses: [...statuses] },
                      }),
                    ),
                  `Submissions of ${phaseName} sent to run again.`,
                )
                .then(after);
            }}
          >
            Re-run all of {phaseName}
          </button>
        </div>
      </fieldset>
      <ActionStatus action={action} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && !subs.length ? <p className="muted">No submissions in this phase yet.</p> : null}
      {subs.length ? (
        <div className="table-wrap">
          <table className="org-submissions" data-testid="org-submissions">
            <caption className="visually-hidden">All submissions of {phaseName}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
                <th scope="col">Submission</th>
                <th scope="col">Actions</th>
                <th scope="col">Submitter</th>
                <th scope="col">Submitted</th>
                <th scope="col">Description</th>
                <th scope="col">Status</th>
                {columns.map((c) => (
                  <th scope="col" key={c.key} className="num">
                    {c.title}
                  </th>
                ))}
                <th scope="col">Worker</th>
                <th scope="col" className="num">
                  Size
                </th>
              </tr>
            </thead>
            <tbody>
              {subs.map((s) => (
                <Row
                  key={s.id}
                  s={s}
                  columns={columns}
                  selected={selected.has(s.id)}
                  onSelect={(on) =>
                    setSelected((prev) => {
                      const next = new Set(prev);
                      if (on) {
                        next.add(s.id);
                      } else {
                        next.delete(s.id);
                      }
                      return next;
                    })
                  }
                  action={action}
                  onRerun={() => {
                    // A re-run is a new submission and a new run on the workers: asked first, like the phase's.
                    if (!window.confirm(`Run submission ${shortId(s.id)} again? The re-run is a new submission.`)) {
                      return;
                    }
                    void action.run(() => rerun(s.id), `Submission ${shortId(s.id)} sent to run again.`).then(after);
                  }}
                  onRun={() =>
                    void action
                      .run(
                        async () =>
                          unwrap(await api.POST('/api/submissions/{id}/run', { params: { path: { id: s.id } } })),
                        `Submission ${shortId(s.id)} sent to the workers.`,
                      )
                      .then(after)
                  }
                  onCancel={() => {
                    if (!window.confirm(`Cancel submission ${shortId(s.id)}? Its run stops and gives no score.`)) {
                      return;
                    }
                    void action
                      .run(
                        async () =>
                          unwrap(await api.POST('/api/submissions/{id}/cancel', { params: { path: { id: s.id } } })),
                        `Submission ${shortId(s.id)} cancelled.`,
                      )
                      .then(after);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {offset > 0 || subs.length === PAGE ? (
        <div className="row">
          <button
            type="button"
            className="secondary"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Previous {PAGE}
          </button>
          <span className="muted">
            Submissions {offset + 1} to {offset + subs.length}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={subs.length < PAGE}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next {PAGE}
          </button>
        </div>
      ) : null}
    </>
  );
}

/** Every submission of a phase, whoever sent it: run (when held), re-run, cancel, download, export. */
export function SubmissionsSection({ competition }: { competition: Competition }) {
  const phaseSelect = useId();
  const [phaseId, setPhaseId] = useState(competition.phases[0]?.id ?? '');
  const phase = competition.phases.find((p) => p.id === phaseId);
  return (
    <>
      <h2>Submissions</h2>
      <label htmlFor={phaseSelect}>Phase</label>
      <select id={phaseSelect} value={phaseId} onChange={(e) => setPhaseId(e.target.value)}>
        {competition.phases.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {competition.organizerSettings && !competition.organizerSettings.autoRunSubmissions && (
        <p className="info-note" data-testid="held-notice">
          Submissions are not run automatically: each waits until you run it (Settings: “Run submissions
          automatically”).
        </p>
      )}
      {phase && (
        <PhaseSubmissions
          key={phase.id}
          phaseId={phase.id}
          phaseName={phase.name}
          autoRun={competition.organizerSettings?.autoRunSubmissions ?? true}
          boards={competition.leaderboards}
        />
      )}
      <div className="row">
        <DownloadButton
          path={`/api/competitions/${competition.id}/submissions/export`}
          filename="all-submissions.csv"
          label="Export all phases (CSV)"
        />
      </div>
    </>
  );
}
