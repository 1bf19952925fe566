import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface QueueRef {
  /** The organizer queue's id; null for the platform's queue. */
  id: string | null;
  name: string;
  /** As runs name it: null for the platform's default vhost. */
  vhost: string | null;
  queue: string;
}

export interface QueueLoad {
  waiting: number;
  running: number;
  started: number;
  medianWait: number | null;
}

const EMPTY: QueueLoad = { waiting: 0, running: 0, started: 0, medianWait: null };

/**
 * Queue loads from the runs table: open runs by the partial index runs_open_by_queue_idx, the last hour's starts by
 * runs_started_at_idx; one query for every queue at once.
 */
@Injectable()
export class PlatformStatusRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Organizer queues any organizer may use, oldest first (their numbering on the public page). */
  publicQueues(): Promise<{ id: string; name: string; vhost: string }[]> {
    return this.db.query('SELECT id, name, vhost FROM queues WHERE is_public ORDER BY created_at, id');
  }

  async queueOfCompetition(competitionId: string): Promise<{ id: string; name: string; vhost: string } | null> {
    const rows: { id: string; name: string; vhost: string }[] = await this.db.query(
      `SELECT q.id, q.name, q.vhost FROM competition_queues cq JOIN queues q ON q.id = cq.queue_id
        WHERE cq.competition_id = $1`,
      [competitionId],
    );
    return rows[0] ?? null;
  }

  /** The load of each queue named, keyed `vhost|queue` (an empty vhost for the platform's). */
  async loads(queues: readonly QueueRef[], competitionId: string | null = null): Promise<Map<string, QueueLoad>> {
    const out = new Map<string, QueueLoad>(queues.map((q) => [keyOf(q.vhost, q.queue), { ...EMPTY }]));
    if (!queues.length) {
      return out;
    }
    const vhosts = queues.map((q) => q.vhost ?? '');
    const names = queues.map((q) => q.queue);
    const rows: {
      vhost: string;
      queue: string;
      waiting: number;
      running: number;
      started: number;
      median: number | null;
    }[] = await this.db.query(
      `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(vhost, queue)),
         open AS (
           SELECT coalesce(r.vhost, '') AS vhost, r.queue,
                  count(*) FILTER (WHERE r.status = 'queued' AND r.held_at IS NULL)::int AS waiting,
                  count(*) FILTER (WHERE r.status = 'running')::int AS running
             FROM runs r JOIN wanted w ON r.queue = w.queue AND coalesce(r.vhost, '') = w.vhost
            WHERE r.status IN ('queued', 'running')
              AND ($3::uuid IS NULL OR r.submission_id IN (SELECT id FROM submissions WHERE competition_id = $3))
            GROUP BY 1, 2),
         recent AS (
           SELECT coalesce(r.vhost, '') AS vhost, r.queue, count(*)::int AS started,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.started_at - r.created_at)) AS median
             FROM runs r JOIN wanted w ON r.queue = w.queue AND coalesce(r.vhost, '') = w.vhost
            WHERE r.started_at > now() - interval '1 hour'
              AND ($3::uuid IS NULL OR r.submission_id IN (SELECT id FROM submissions WHERE competition_id = $3))
            GROUP BY 1, 2)
         SELECT w.vhost, w.queue, coalesce(o.waiting, 0) AS waiting, coalesce(o.running, 0) AS running,
                coalesce(c.started, 0) AS started, c.median
           FROM wanted w LEFT JOIN open o USING (vhost, queue) LEFT JOIN recent c USING (vhost, queue)`,
      [vhosts, names, competitionId],
    );
    for (const r of rows) {
      out.set(keyOf(r.vhost || null, r.queue), {
        waiting: r.waiting,
        running: r.running,
        started: r.started,
        medianWait: r.median === null ? null : Math.max(0, r.median),
      });
    }
    return out;
  }
}

export function keyOf(vhost: string | null, queue: string): string {
  return `${vhost ?? ''}|${queue}`;
}
