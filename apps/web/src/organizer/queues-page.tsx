import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { api, unwrap, type Schema } from '../lib/api';
import { formatDateTime } from '../lib/dates';
import { useSession } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { ActionStatus } from './action-status';
import { CredentialsOnce } from './credentials-once';
import { WorkersTable } from './queue-workers';
import { useAction } from './use-action';

type Queue = Schema<'QueueDto'>;
type Credentials = Schema<'QueueCredentialsDto'>;

function QueueWorkers({ queueId, name }: { queueId: string; name: string }) {
  const workers = useLoad(
    async () => unwrap(await api.GET('/api/queues/{id}/workers', { params: { path: { id: queueId } } })),
    [queueId],
  );
  return (
    <>
      <div className="row">
        <button type="button" className="secondary" onClick={workers.reload} aria-label={`Refresh workers of ${name}`}>
          Refresh workers
        </button>
      </div>
      <WorkersTable workers={workers} caption={`Workers of ${name}`} />
    </>
  );
}

function ShareForm({ queue, onDone }: { queue: Queue; onDone(): void }) {
  const id = useId();
  const [username, setUsername] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () =>
        unwrap(await api.POST('/api/queues/{id}/shares', { params: { path: { id: queue.id } }, body: { username } })),
      `${queue.name} shared with ${username}.`,
    );
    if (ok) {
      setUsername('');
      onDone();
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>Share {queue.name} with (username)</label>
      <div className="row">
        <input id={id} type="text" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <button type="submit" disabled={action.busy}>
          Share
        </button>
        <button
          type="button"
          className="secondary"
          disabled={action.busy || !username}
          onClick={() =>
            void action.run(
              async () =>
                unwrap(
                  await api.DELETE('/api/queues/{id}/shares/{username}', {
                    params: { path: { id: queue.id, username } },
                  }),
                ),
              `${username} may no longer use ${queue.name}; their competitions that sent jobs there are back on the default queue.`,
            )
          }
        >
          Stop sharing
        </button>
      </div>
      <ActionStatus action={action} />
    </form>
  );
}

function QueueCard({ queue, onChanged }: { queue: Queue; onChanged(): void }) {
  const [fresh, setFresh] = useState<Credentials>();
  const [showWorkers, setShowWorkers] = useState(false);
  const action = useAction();
  const path = { params: { path: { id: queue.id } } };

  return (
    <li className="card" aria-labelledby={`queue-${queue.id}`}>
      <h3 id={`queue-${queue.id}`}>{queue.name}</h3>
      <p className="muted">
        {queue.isPublic ? 'Public (any organizer may use it)' : 'Private'}
        {queue.requiresGpu ? ' · needs GPU workers' : ''}
        {queue.isOwner ? ' · yours' : ' · shared with you'}
      </p>
      <dl>
        <dt>Virtual host</dt>
        <dd>
          <code>{queue.vhost}</code>
        </dd>
        <dt>Queue name (WORKER_QUEUE)</dt>
        <dd>
          <code>{queue.jobQueue}</code>
        </dd>
        <dt>Credentials issued</dt>
        <dd>{formatDateTime(queue.credentialsIssuedAt)}</dd>
        {queue.depth && (
          <>
            <dt>Jobs waiting / running / consumers</dt>
            <dd>
              {queue.depth.ready} / {queue.depth.unacked} / {queue.depth.consumers}
            </dd>
          </>
        )}
      </dl>
      {fresh && <CredentialsOnce credentials={fresh} level={4} onDismiss={() => setFresh(undefined)} />}
      <div className="row">
        <button
          type="button"
          className="secondary"
          aria-expanded={showWorkers}
          onClick={() => setShowWorkers((v) => !v)}
        >
          {showWorkers ? `Hide workers of ${queue.name}` : `Show workers of ${queue.name}`}
        </button>
        {queue.isOwner && (
          <>
            <button
              type="button"
              className="secondary"
              disabled={action.busy}
              onClick={() => {
                if (
                  !window.confirm(`New credentials for ${queue.name}? Workers using the old ones are disconnected.`)
                ) {
                  return;
                }
                void action.run(
                  async () => setFresh(unwrap(await api.POST('/api/queues/{id}/rotate', path))),
                  'New credentials issued.',
                );
              }}
            >
              Rotate credentials
            </button>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => {
                if (
                  !window.confirm(
                    `Revoke the credentials of ${queue.name}? Its workers are disconnected until you rotate.`,
                  )
                ) {
                  return;
                }
                void action.run(
                  async () => unwrap(await api.DELETE('/api/queues/{id}/credentials', path)),
                  'Credentials revoked.',
                );
              }}
            >
              Revoke credentials
            </button>
            <button
              type="button"
              className="danger"
              disabled={action.busy}
              onClick={() => {
                if (
                  !window.confirm(
                    `Delete ${queue.name}? Competitions sending their jobs there go back to the default queue.`,
                  )
                ) {
                  return;
                }
                void action
                  .run(async () => unwrap(await api.DELETE('/api/queues/{id}', path)), 'Queue deleted.')
                  .then((ok) => ok && onChanged());
              }}
            >
              Delete {queue.name}
            </button>
          </>
        )}
      </div>
      <ActionStatus action={action} />
      {showWorkers && <QueueWorkers queueId={queue.id} name={queue.name} />}
      {queue.isOwner && <ShareForm queue={queue} onDone={onChanged} />}
    </li>
  );
}

function CreateQueue({ onCreated }: { onCreated(c: Credentials): void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [isPublic, setIsPublic] = useState(false);
  const [requiresGpu, setRequiresGpu] = useState(false);
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await action.run(async () => {
      onCreated(unwrap(await api.POST('/api/queues', { body: { name, isPublic, requiresGpu } })));
      setName('');
    });
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="new-queue">
      <h2 id="new-queue">New queue</h2>
      <p className="muted">Your own RabbitMQ queue: connect your workers to it, then pick it for a competition.</p>
      <label htmlFor={id}>Queue name</label>
      <input id={id} type="text" required value={name} onChange={(e) => setName(e.target.value)} />
      <label className="checkbox">
        <input type="checkbox" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />
        Public: any organizer may send competitions to it
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={requiresGpu} onChange={(e) => setRequiresGpu(e.target.checked)} />
        Jobs need GPU workers
      </label>
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          Create queue
        </button>
      </div>
      <ActionStatus action={action} />
    </form>
  );
}

/** The caller's queues (own, shared, public), their credentials (shown once) and workers; admins also see the default queue. */
export function QueuesPage() {
  const { user } = useSession();
  const queues = useLoad(async () => unwrap(await api.GET('/api/queues')), []);
  const [created, setCreated] = useState<Credentials>();
  const defaultWorkers = useLoad(
    async () => (user?.isAdmin ? unwrap(await api.GET('/api/queues/default/workers')) : []),
    [user?.isAdmin],
  );

  return (
    <>
      <h1>Queues and workers</h1>
      <p>
        <Link to="/organize">Back to my competitions</Link>
      </p>
      {created && <CredentialsOnce credentials={created} onDismiss={() => setCreated(undefined)} />}
      <CreateQueue
        onCreated={(c) => {
          setCreated(c);
          queues.reload();
        }}
      />
      <h2>My queues</h2>
      {queues.loading && !queues.data ? <Loading /> : null}
      <ErrorMessage error={queues.error} />
      {queues.data && !queues.data.length ? <p className="muted">No queue yet.</p> : null}
      <ul className="queue-list">
        {(queues.data ?? []).map((q) => (
          <QueueCard key={q.id} queue={q} onChanged={queues.reload} />
        ))}
      </ul>
      {user?.isAdmin && (
        <section aria-labelledby="default-workers">
          <h2 id="default-workers">Workers of the platform queue</h2>
          <div className="row">
            <button type="button" className="secondary" onClick={defaultWorkers.reload}>
              Refresh platform workers
            </button>
          </div>
          <WorkersTable workers={defaultWorkers} caption="Workers of the platform queue" />
        </section>
      )}
    </>
  );
}
