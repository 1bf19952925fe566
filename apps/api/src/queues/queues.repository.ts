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
    if (Object.keys(patch).length) await this.queues.update({ id }, patch);
  }

  /** Runs being run on a queue by the named workers (vhost null: the platform's default vhost). */
  async runningOn(vhost: string | null, queue: string, workerNames: string[]): Promise<RunningRunRow[]> {
    if (workerNames.length === 0) return [];
    const rows: { id: string; submission_id: string; worker_name: string; worker_gpus: string[] | null; started_at: Date | null; lease_expires_at: Date | null }[] =
      await this.db.query(
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
      .where('q.owner_id = :userId OR q.is_public OR EXISTS (SELECT 1 FROM queue_shares s WHERE s.queue_id = q.id AND s.user_id = :userId)', { userId })
      .orderBy('q.created_at', 'ASC')
      .getMany();
  }

  async isSharedWith(queueId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM queue_shares WHERE queue_id = $1 AND user_id = $2', [queueId, userId]);
    return rows.length > 0;
  }

  async share(queueId: string, userId: string): Promise<void> {
    await this.db.query('INSERT INTO queue_shares (queue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [queueId, userId]);
  }

  async unshare(queueId: string, userId: string): Promise<void> {
    await this.db.query('DELETE FROM queue_shares WHERE queue_id = $1 AND user_id = $2', [queueId, userId]);
  }

  async competitionsUsing(queueId: string): Promise<string[]> {
    const rows: { title: string }[] = await this.db.query(
      'SELECT c.title FROM competition_queues cq JOIN competitions c ON c.id = cq.competition_id WHERE cq.queue_id = $1',
      [queueId],
    );
    return rows.map((r) => r.title);
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
    const rows: { queue_id: string }[] = await this.db.query('SELECT queue_id FROM competition_queues WHERE competition_id = $1', [competitionId]);
    return rows[0] ? this.find(rows[0].queue_id) : null;
  }

  async userIdByUsername(username: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM users WHERE lower(username) = lower($1)', [username]);
    return rows[0]?.id ?? null;
  }
}
