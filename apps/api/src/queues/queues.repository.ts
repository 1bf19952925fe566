import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueEntity } from './entities/queue.entity';
import type { RunningRunRow } from './queue-workers';

@Injectable()
export class QueuesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get queues() {
    return this.db.getRepository(QueueEntity);
  }

  insert(q: Omit<QueueEntity, 'createdAt'>): Promise<QueueEntity> {
    return this.queues.save(this.queues.create(q));
  }

  find(id: string): Promise<QueueEntity | null> {
    return this.queues.findOne({ where: { id } });
  }

  async update(id: string, patch: Partial<Pick<QueueEntity, 'name' | 'isPublic' | 'requiresGpu'>>): Promise<void> {
    if (Object.keys(patch).length) {
      await this.queues.update({ id }, patch);
    }
  }

  /** Runs being run on a queue by the named workers (vhost null: the platform's default vhost). */
  async runningOn(vhost: string | null, queue: string, workerNames: string[]): Promise<RunningRunRow[]> {
    if (workerNames.length === 0) {
      return [];
    }
    const rows: {
      id: string;
      submission_id: string;
      worker_name: string;
      worker_gpus: string[] | null;
      started_at: Date | null;
      lease_expires_at: Date | null;
    }[] = await this.db.query(
      `SELECT id, submission_id, worker_name, worker_gpus, started_at, lease_expires_at FROM runs
         WHERE status = 'running' AND vhost IS NOT DISTINCT FROM $1 AND queue = $2 AND worker_name = ANY($3)
         ORDER BY started_at`,
      [vhost, queue, workerNames],
    );
    return rows.map((r) => ({
      id: r.id,
      submissionId: r.submission_id,
      workerName: r.worker_name,
      workerGpus: r.worker_gpus,
      startedAt: r.started_at,
      leaseExpiresAt: r.lease_expires_at,
    }));
  }

  async touchCredentials(id: string): Promise<void> {
    await this.queues.update({ id }, { credentialsIssuedAt: new Date() });
  }

  async delete(id: string): Promise<void> {
    await this.queues.delete({ id });
  }

  /** Queues a user may use: their own, those shared with them, and public ones. */
  visibleTo(userId: string): Promise<QueueEntity[]> {
    return this.queues
      .createQueryBuilder('q')
      .where(
        'q.owner_id = :userId OR q.is_public OR EXISTS (SELECT 1 FROM queue_shares s WHERE s.queue_id = q.id AND s.user_id = :userId)',
        { userId },
      )
      .orderBy('q.created_at', 'ASC')
      .getMany();
  }

  async isSharedWith(queueId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM queue_shares WHERE queue_id = $1 AND user_id = $2', [
      queueId,
      userId,
    ]);
    return rows.length > 0;
  }

  async share(queueId: string, userId: string): Promise<void> {
    await this.db.query('INSERT INTO queue_shares (queue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      queueId,
      userId,
    ]);
  }

  async unshare(queueId: string, userId: string): Promise<void> {
    await this.db.query('DELETE FROM queue_shares WHERE queue_id = $1 AND user_id = $2', [queueId, userId]);
  }

  /** Competitions sending their jobs to the queue. */
  async competitionsUsing(queueId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      'SELECT competition_id AS id FROM competition_queues WHERE queue_id = $1',
      [queueId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Competitions sending their jobs to the queue although none of their organizers (owner, collaborators) may use it
   * any more: the queue is not public, and it is neither theirs nor shared with them.
   */
  async competitionsWithoutGrant(queueId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT cq.competition_id AS id
         FROM competition_queues cq JOIN queues q ON q.id = cq.queue_id JOIN competitions c ON c.id = cq.competition_id
        WHERE cq.queue_id = $1 AND NOT q.is_public
          AND NOT EXISTS (
            SELECT 1 FROM (SELECT c.owner_id AS user_id
                           UNION SELECT cc.user_id FROM competition_collaborators cc WHERE cc.competition_id = c.id) o
             WHERE o.user_id = q.owner_id
                OR EXISTS (SELECT 1 FROM queue_shares s WHERE s.queue_id = q.id AND s.user_id = o.user_id))`,
      [queueId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Sends competitions back to the platform's default queue: their binding goes, and their runs waiting or running
   * on the queue's vhost are queued again on `defaultQueue`, unpublished, under a token hash no token has, so that
   * the queue's workers are refused from now on (a message left in the vhost, a run in progress there). A run's GPU
   * requirement is its phase's again (the queue's no longer applies). Returns the number of runs moved.
   */
  async fallBackToDefault(queue: QueueEntity, competitionIds: string[], defaultQueue: string): Promise<number> {
    if (competitionIds.length === 0) {
      return 0;
    }
    return this.db.transaction(async (m) => {
      await m.query('DELETE FROM competition_queues WHERE queue_id = $1 AND competition_id = ANY($2::uuid[])', [
        queue.id,
        competitionIds,
      ]);
      const moved: unknown[] = await m.query(
        `UPDATE runs r
            SET vhost = NULL, queue = $3, status = 'queued', published_at = NULL, worker_name = NULL,
                lease_expires_at = NULL, started_at = NULL, token_hash = 'moved:' || gen_random_uuid()::text,
                job = jsonb_set(r.job, '{requiresGpu}', to_jsonb(p.requires_gpu))
           FROM submissions s JOIN phases p ON p.id = s.phase_id
          WHERE s.id = r.submission_id AND s.competition_id = ANY($2::uuid[])
            AND r.vhost = $1 AND r.status IN ('queued', 'running')
          RETURNING r.id`,
        [queue.vhost, competitionIds, defaultQueue],
      );
      // UPDATE ... RETURNING comes back as [rows, count] from the pg driver.
      return Array.isArray(moved[0]) ? (moved[0] as unknown[]).length : moved.length;
    });
  }

  /** Title and organizers (owner and collaborators, with their address) of each competition. */
  async organizerContacts(
    competitionIds: string[],
  ): Promise<{ competitionId: string; title: string; username: string; email: string }[]> {
    if (competitionIds.length === 0) {
      return [];
    }
    return this.db.query(
      `SELECT c.id AS "competitionId", c.title, u.username, u.email
         FROM competitions c
         JOIN users u ON u.id = c.owner_id
             OR u.id IN (SELECT cc.user_id FROM competition_collaborators cc WHERE cc.competition_id = c.id)
        WHERE c.id = ANY($1::uuid[])
        ORDER BY c.title, u.username`,
      [competitionIds],
    );
  }

  async bind(competitionId: string, queueId: string | null): Promise<void> {
    if (queueId === null) {
      await this.db.query('DELETE FROM competition_queues WHERE competition_id = $1', [competitionId]);
      return;
    }
    await this.db.query(
      'INSERT INTO competition_queues (competition_id, queue_id) VALUES ($1, $2) ON CONFLICT (competition_id) DO UPDATE SET queue_id = EXCLUDED.queue_id',
      [competitionId, queueId],
    );
  }

  async queueOfCompetition(competitionId: string): Promise<QueueEntity | null> {
    const rows: { queue_id: string }[] = await this.db.query(
      'SELECT queue_id FROM competition_queues WHERE competition_id = $1',
      [competitionId],
    );
    return rows[0] ? this.find(rows[0].queue_id) : null;
  }

  async userIdByUsername(username: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM users WHERE lower(username) = lower($1)', [
      username,
    ]);
    return rows[0]?.id ?? null;
  }
}
