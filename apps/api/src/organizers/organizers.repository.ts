import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CollaboratorEntity } from './entities/collaborator.entity';

export interface CompetitionSettings {
  timeZone: string;
  /** Whether failed and cancelled submissions count against the limits. */
  countFailedSubmissions: boolean;
  /** Submissions of one entrant that may be in flight at once; null: unlimited. */
  maxConcurrentSubmissions: number | null;
  /** Storage each participant's uploads may use in this competition, in MB; null: the platform default (QUOTA_MB). */
  storageQuotaMb: number | null;
}

export interface CompetitionRef {
  id: string;
  ownerId: string;
}

/**
 * Collaborators, and the competition columns this module owns (time zone and limit settings). Reads the
 * competition's owner itself so that the competitions module can depend on this one without a cycle.
 */
@Injectable()
export class OrganizersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async competition(id: string): Promise<CompetitionRef | null> {
    const rows: { id: string; owner_id: string }[] = await this.db.query(
      'SELECT id, owner_id FROM competitions WHERE id = $1',
      [id],
    );
    return rows[0] ? { id: rows[0].id, ownerId: rows[0].owner_id } : null;
  }

  async isCollaborator(competitionId: string, userId: string): Promise<boolean> {
    return this.db.getRepository(CollaboratorEntity).exists({ where: { competitionId, userId } });
  }

  async addCollaborator(competitionId: string, userId: string, addedBy: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(CollaboratorEntity)
      .values({ competitionId, userId, addedBy })
      .orIgnore()
      .execute();
  }

  async removeCollaborator(competitionId: string, userId: string): Promise<boolean> {
    const r = await this.db.getRepository(CollaboratorEntity).delete({ competitionId, userId });
    return (r.affected ?? 0) > 0;
  }

  collaborators(competitionId: string): Promise<CollaboratorEntity[]> {
    return this.db.getRepository(CollaboratorEntity).find({ where: { competitionId }, order: { createdAt: 'ASC' } });
  }

  async settings(competitionId: string): Promise<CompetitionSettings | null> {
    const rows: {
      time_zone: string;
      count_failed_submissions: boolean;
      max_concurrent_submissions: number | null;
      storage_quota_mb: number | null;
    }[] = await this.db.query(
      'SELECT time_zone, count_failed_submissions, max_concurrent_submissions, storage_quota_mb FROM competitions WHERE id = $1',
      [competitionId],
    );
    const r = rows[0];
    if (!r) {
      return null;
    }
    return {
      timeZone: r.time_zone,
      countFailedSubmissions: r.count_failed_submissions,
      maxConcurrentSubmissions: r.max_concurrent_submissions,
      storageQuotaMb: r.storage_quota_mb,
    };
  }

  async updateSettings(competitionId: string, s: CompetitionSettings): Promise<void> {
    await this.db.query(
      `UPDATE competitions SET time_zone = $2, count_failed_submissions = $3, max_concurrent_submissions = $4,
       storage_quota_mb = $5, updated_at = now()
       WHERE id = $1`,
      [competitionId, s.timeZone, s.countFailedSubmissions, s.maxConcurrentSubmissions, s.storageQuotaMb],
    );
  }
}
