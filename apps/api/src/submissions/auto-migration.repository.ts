import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SubmissionEntity } from './entities/submission.entity';

export interface OpenPhase {
  id: string;
  competitionId: string;
  index: number;
  startAt: Date;
  previousPhaseId: string;
}

@Injectable()
export class AutoMigrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Phases open at `now` that have a phase before them, with that phase; the caller checks the setting. */
  async openWithPrevious(now: Date): Promise<(OpenPhase & { autoMigrate: boolean })[]> {
    const rows: {
      id: string;
      competition_id: string;
      index: number;
      start_at: Date;
      prev_id: string;
      auto: boolean | null;
    }[] = await this.db.query(
      `SELECT p.id, p.competition_id, p.index, p.start_at, prev.id AS prev_id,
                (SELECT (m->>'autoMigrateToThisPhase')::boolean FROM jsonb_array_elements(c.model->'phases') m
                 WHERE (m->>'index')::int = p.index LIMIT 1) AS auto
         FROM phases p
         JOIN competitions c ON c.id = p.competition_id
         JOIN phases prev ON prev.competition_id = p.competition_id AND prev.index = p.index - 1
         WHERE p.start_at <= $1 AND (p.end_at IS NULL OR p.end_at > $1)`,
      [now.toISOString()],
    );
    return rows.map((r) => ({
      id: r.id,
      competitionId: r.competition_id,
      index: r.index,
      startAt: new Date(r.start_at),
      previousPhaseId: r.prev_id,
      autoMigrate: r.auto === true,
    }));
  }

  /**
   * Each entrant's (team's, else owner's) latest finished submission of the previous phase made before the phase
   * opened, not yet migrated into it.
   */
  async pending(phase: OpenPhase): Promise<SubmissionEntity[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT DISTINCT ON (coalesce(s.team_id, s.owner_id)) s.id
       FROM submissions s
       WHERE s.phase_id = $1 AND s.status = 'finished' AND s.created_at < $2
       ORDER BY coalesce(s.team_id, s.owner_id), s.created_at DESC, s.id DESC`,
      [phase.previousPhaseId, phase.startAt.toISOString()],
    );
    if (!rows.length) {
      return [];
    }
    const done: { original_submission_id: string }[] = await this.db.query(
      'SELECT original_submission_id FROM phase_migrations WHERE phase_id = $1',
      [phase.id],
    );
    const skip = new Set(done.map((d) => d.original_submission_id));
    const ids = rows.map((r) => r.id).filter((id) => !skip.has(id));
    if (!ids.length) {
      return [];
    }
    return this.db
      .getRepository(SubmissionEntity)
      .createQueryBuilder('s')
      .where('s.id IN (:...ids)', { ids })
      .orderBy('s.created_at', 'ASC')
      .getMany();
  }

  /** Records that the original is being migrated into the phase; false when it already was (or is being). */
  async claim(phaseId: string, originalId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO phase_migrations (phase_id, original_submission_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING phase_id`,
      [phaseId, originalId],
    );
    return rows.length > 0;
  }

  async complete(phaseId: string, originalId: string, submissionId: string): Promise<void> {
    await this.db.query(
      'UPDATE phase_migrations SET submission_id = $3 WHERE phase_id = $1 AND original_submission_id = $2',
      [phaseId, originalId, submissionId],
    );
  }

  async release(phaseId: string, originalId: string): Promise<void> {
    await this.db.query('DELETE FROM phase_migrations WHERE phase_id = $1 AND original_submission_id = $2', [
      phaseId,
      originalId,
    ]);
  }
}
