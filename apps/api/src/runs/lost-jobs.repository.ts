import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The runs whose published job may have been lost by the broker: queued, published long ago, never started. */
@Injectable()
export class LostJobsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async queuesWithOldPublishedRuns(olderThanSec: number): Promise<{ vhost: string | null; queue: string }[]> {
    return this.db.query(
      `SELECT DISTINCT vhost, queue FROM runs
        WHERE status = 'queued' AND published_at < now() - make_interval(secs => $1)`,
      [olderThanSec],
    );
  }

  /**
   * Marks the queue's old published runs unpublished, so that the dispatcher publishes them again under a new token
   * (RunsRepository.issueToken accepts only unpublished runs); a run started meanwhile is no longer queued and stays.
   */
  async unpublishOld(q: { vhost: string | null; queue: string }, olderThanSec: number): Promise<string[]> {
    // UPDATE ... RETURNING comes back as [rows, count] from the pg driver.
    const [rows] = (await this.db.query(
      `UPDATE runs SET published_at = NULL
        WHERE status = 'queued' AND queue = $1 AND vhost IS NOT DISTINCT FROM $2
          AND published_at < now() - make_interval(secs => $3)
        RETURNING id`,
      [q.queue, q.vhost, olderThanSec],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }
}
