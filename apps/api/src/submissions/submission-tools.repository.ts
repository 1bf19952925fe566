import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RunEntity } from '@api/runs/entities/run.entity';
import type { SubmissionRule } from '@arena/bundle';
import { SubmissionEntity, type SubmissionStatus } from './entities/submission.entity';

export interface SubmissionFileRow {
  id: string;
  fileKey: string;
  username: string;
}

export interface SubmissionCsvRow {
  id: string;
  phase: string;
  username: string;
  team: string | null;
  status: string;
  description: string;
  fileSize: number;
  scores: Record<string, number> | null;
  factSheet: Record<string, boolean | string> | null;
  rerunOf: string | null;
  isPublic: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ParticipantCsvRow {
  username: string;
  email: string;
  status: string;
  termsAcceptedAt: Date | null;
  registeredAt: Date;
}

/** What a deletion leaves to remove from storage once the rows are gone. */
export interface DeletedSubmission {
  keys: string[];
  /** Why it was not deleted (a participant's submission that a board holds or is about to take in). */
  refused?: string;
}

/** A board that holds a submission, with the rule that put it there. */
export interface HoldingBoard {
  title: string;
  rule: SubmissionRule;
}

type Cursor = { createdAt: Date; id: string } | null;

/** Reads for organizer exports, in keyset pages so that an export never holds a whole phase in memory. */
@Injectable()
export class SubmissionToolsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async filesPage(phaseId: string, after: Cursor, limit: number): Promise<(SubmissionFileRow & { createdAt: Date })[]> {
    const rows: { id: string; file_key: string; username: string; created_at: Date }[] = await this.db.query(
      `SELECT s.id, s.file_key, u.username, s.created_at FROM submissions s JOIN users u ON u.id = s.owner_id
       WHERE s.phase_id = $1 AND ($2::timestamptz IS NULL OR (s.created_at, s.id) > ($2::timestamptz, $3::uuid))
       ORDER BY s.created_at, s.id LIMIT $4`,
      [phaseId, after?.createdAt.toISOString() ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      fileKey: r.file_key,
      username: r.username,
      createdAt: new Date(r.created_at),
    }));
  }

  async submissionsPage(competitionId: string, after: Cursor, limit: number): Promise<SubmissionCsvRow[]> {
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT s.id, p.name AS phase, u.username, t.name AS team, s.status, s.description, s.file_size, s.scores, s.fact_sheet,
              s.rerun_of, s.is_public, s.created_at, s.finished_at
       FROM submissions s JOIN users u ON u.id = s.owner_id JOIN phases p ON p.id = s.phase_id
       LEFT JOIN teams t ON t.id = s.team_id
       WHERE s.competition_id = $1 AND ($2::timestamptz IS NULL OR (s.created_at, s.id) > ($2::timestamptz, $3::uuid))
       ORDER BY s.created_at, s.id LIMIT $4`,
      [competitionId, after?.createdAt.toISOString() ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      phase: r.phase,
      username: r.username,
      team: r.team,
      status: r.status,
      description: r.description,
      fileSize: Number(r.file_size),
      scores: r.scores,
      factSheet: r.fact_sheet,
      rerunOf: r.rerun_of,
      isPublic: r.is_public,
      createdAt: new Date(r.created_at),
      finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    }));
  }

  async participantsPage(
    competitionId: string,
    afterUsername: string | null,
    limit: number,
  ): Promise<ParticipantCsvRow[]> {
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT u.username, u.email, p.status, p.terms_accepted_at, p.created_at
       FROM participants p JOIN users u ON u.id = p.user_id
       WHERE p.competition_id = $1 AND ($2::text IS NULL OR u.username > $2) ORDER BY u.username LIMIT $3`,
      [competitionId, afterUsername, limit],
    );
    return rows.map((r) => ({
      username: r.username,
      email: r.email,
      status: r.status,
      termsAcceptedAt: r.terms_accepted_at ? new Date(r.terms_accepted_at) : null,
      registeredAt: new Date(r.created_at),
    }));
  }

  /** Submissions of a phase that a re-run of all of them takes: those that ended in one of `statuses`. */
  endedInPhase(phaseId: string, statuses: SubmissionStatus[]): Promise<SubmissionEntity[]> {
    return this.db
      .getRepository(SubmissionEntity)
      .createQueryBuilder('s')
      .where('s.phase_id = :phaseId AND s.status IN (:...statuses)', { phaseId, statuses })
      .orderBy('s.created_at', 'ASC')
      .getMany();
  }

  /**
   * Deletes an ended submission with its runs (and, by cascade, its leaderboard entries). Returns the storage keys
   * nothing references any more: its run outputs and logs, and its file unless a re-run shares it. Null when the
   * submission is still in flight (nothing is deleted then).
   */
  async delete(
    id: string,
    refuse?: (boards: HoldingBoard[], awaitingBoards: boolean) => string | null,
  ): Promise<DeletedSubmission | null> {
    return this.db.transaction(async (m) => {
      const s = await m.findOne(SubmissionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!s) {
        return { keys: [] };
      }
      if (['submitted', 'queued', 'running'].includes(s.status)) {
        return null;
      }
      if (refuse) {
        // Read under the submission's lock: the boards' maintainer takes a result in under its own locks, after
        // the arrival row that this sees.
        const boards: HoldingBoard[] = await m.query(
          `SELECT l.title, l.submission_rule AS rule FROM leaderboard_entries e JOIN leaderboards l ON l.id = e.leaderboard_id
            WHERE e.submission_id = $1 ORDER BY l.index`,
          [id],
        );
        const waiting =
          ((await m.query('SELECT 1 FROM leaderboard_arrivals WHERE submission_id = $1', [id])) as unknown[]).length >
          0;
        const reason = refuse(boards, waiting);
        if (reason) {
          return { keys: [], refused: reason };
        }
      }
      const runs = await m.find(RunEntity, { where: { submissionId: id } });
      await m.delete(SubmissionEntity, { id });
      const shared = await m.getRepository(SubmissionEntity).exists({ where: { fileKey: s.fileKey } });
      const keys = runs.flatMap((r) => [r.outputKey, r.stdoutKey, r.stderrKey]).filter((k): k is string => !!k);
      return { keys: shared ? keys : [s.fileKey, ...keys] };
    });
  }
}
