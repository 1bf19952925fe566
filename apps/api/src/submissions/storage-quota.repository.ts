import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface StorageUse {
  competitionId: string;
  title: string;
  usedBytes: number;
  submissions: number;
  quotaMb: number | null;
}

export interface ParticipantStorageUse {
  userId: string;
  username: string;
  usedBytes: number;
  submissions: number;
}

/**
 * What counts against a quota: the files a participant uploaded to a competition and that are still stored.
 * Re-runs and auto-migrations share their original's file, so they count nothing.
 */
const COUNTED = 's.rerun_of IS NULL';

@Injectable()
export class StorageQuotaRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async used(competitionId: string, userId: string): Promise<number> {
    const [r]: { used: string }[] = await this.db.query(
      `SELECT coalesce(sum(s.file_size), 0) AS used FROM submissions s WHERE s.competition_id = $1 AND s.owner_id = $2 AND ${COUNTED}`,
      [competitionId, userId],
    );
    return Number(r.used);
  }

  /** Each competition the user takes part in or uploaded to, with what they use there. */
  async ofUser(userId: string): Promise<StorageUse[]> {
    const rows: { id: string; title: string; used: string; n: number; quota: number | null }[] = await this.db.query(
      `SELECT c.id, c.title, c.storage_quota_mb AS quota,
              coalesce(sum(s.file_size), 0) AS used, count(s.id)::int AS n
       FROM competitions c
       LEFT JOIN submissions s ON s.competition_id = c.id AND s.owner_id = $1 AND ${COUNTED}
       WHERE EXISTS (SELECT 1 FROM participants p WHERE p.competition_id = c.id AND p.user_id = $1)
          OR EXISTS (SELECT 1 FROM submissions x WHERE x.competition_id = c.id AND x.owner_id = $1)
       GROUP BY c.id ORDER BY c.title, c.id`,
      [userId],
    );
    return rows.map((r) => ({
      competitionId: r.id,
      title: r.title,
      usedBytes: Number(r.used),
      submissions: r.n,
      quotaMb: r.quota,
    }));
  }

  /** Every participant (and anyone else who uploaded) of a competition, biggest use first. */
  async ofCompetition(competitionId: string): Promise<ParticipantStorageUse[]> {
    const rows: { id: string; username: string; used: string; n: number }[] = await this.db.query(
      `SELECT u.id, u.username, coalesce(sum(s.file_size), 0) AS used, count(s.id)::int AS n
       FROM users u
       LEFT JOIN submissions s ON s.owner_id = u.id AND s.competition_id = $1 AND ${COUNTED}
       WHERE EXISTS (SELECT 1 FROM participants p WHERE p.competition_id = $1 AND p.user_id = u.id)
          OR EXISTS (SELECT 1 FROM submissions x WHERE x.competition_id = $1 AND x.owner_id = u.id)
       GROUP BY u.id ORDER BY used DESC, u.username`,
      [competitionId],
    );
    return rows.map((r) => ({ userId: r.id, username: r.username, usedBytes: Number(r.used), submissions: r.n }));
  }
}
