import type { QueueWorkerDto } from './dto/queue.dto';
import type { BrokerConsumer } from './rabbit-management.client';

/** The client property a worker announces itself in (apps/compute-worker/src/queue/worker-identity.ts). */
export const WORKER_IDENTITY_PROPERTY = 'arena_worker';

export interface RunningRunRow {
  id: string;
  submissionId: string;
  workerName: string;
  workerGpus: string[] | null;
  startedAt: Date | null;
  leaseExpiresAt: Date | null;
}

/** The name a consumer goes by: what the worker announced, else the connection name it gave. */
export function consumerName(c: BrokerConsumer): string {
  const identity = identityOf(c);
  const announced = identity.name ?? c.providedName ?? text(c.clientProperties.connection_name);
  return announced ?? `(unnamed connection of ${c.user ?? 'unknown user'})`;
}

/** One entry per consumer, with the run it holds according to the database and its last heartbeat. */
export function toQueueWorkers(
  consumers: BrokerConsumer[],
  running: RunningRunRow[],
  leaseSec: number,
): QueueWorkerDto[] {
  return consumers
    .map((c) => {
      const identity = identityOf(c);
      const name = consumerName(c);
      const run = running.find((r) => r.workerName === name) ?? null;
      return {
        name,
        hostname: identity.hostname ?? null,
        version: identity.version ?? null,
        connectedSince: c.connectedAt,
        gpus: identity.gpus || 'none',
        localData: list(identity.local_data),
        labels: Object.fromEntries(list(identity.labels).map(splitPair)),
        currentRun: run && {
          runId: run.id,
          submissionId: run.submissionId,
          startedAt: run.startedAt,
          gpus: run.workerGpus,
          lastHeartbeatAt: run.leaseExpiresAt ? new Date(run.leaseExpiresAt.getTime() - leaseSec * 1000) : null,
          leaseExpiresAt: run.leaseExpiresAt,
        },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function identityOf(c: BrokerConsumer): Record<string, string | undefined> {
  const raw = c.clientProperties[WORKER_IDENTITY_PROPERTY];
  if (!raw || typeof raw !== 'object') {
    return {};
  }
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, text(v)]));
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function splitPair(kv: string): [string, string] {
  const eq = kv.indexOf('=');
  return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').filter((s) => s !== '');
}
