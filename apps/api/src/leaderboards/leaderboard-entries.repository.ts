import type { ColumnModel } from '@arena/bundle';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntryPick } from '@arena/leaderboard';
import { DataSource, type EntityManager } from 'typeorm';
import { LeaderboardEntity } from '@api/competitions/entities/leaderboard.entity';
import { PhaseEntity } from '@api/competitions/entities/phase.entity';
import { SubmissionEntity } from '@api/submissions/entities/submission.entity';
import type { EntryRow } from './board-ranking';

const WRITE_CHUNK = 5000;

/** A finished submission as ranking reads it. */
export interface ScoredSubmission {
  id: string;
  ownerId: string;
  teamId: string | null;
  createdAt: Date;
  scores: Record<string, number> | null;
}

/** The maintained tables (migration 1763820000000); raw SQL because reads and bulk writes must stay cheap. */
@Injectable()
export class LeaderboardEntriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in a transaction that holds the board's lock: concurrent updates of one board apply in turn. */
  withBoardLock<T>(boardId: string, phaseId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`leaderboard:${boardId}:${phaseId}`]);
      return fn(m);
    });
  }

  boards(competitionId: string): Promise<LeaderboardEntity[]> {
    return this.db.getRepository(LeaderboardEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  phaseIds(competitionId: string): Promise<string[]> {
    return this.db
      .getRepository(PhaseEntity)
      .find({ where: { competitionId }, select: { id: true }, order: { index: 'ASC' } })
      .then((phases) => phases.map((p) => p.id));
  }

  findPhase(phaseId: string): Promise<PhaseEntity | null> {
    return this.db.getRepository(PhaseEntity).findOne({ where: { id: phaseId } });
  }

  findSubmission(id: string): Promise<SubmissionEntity | null> {
    return this.db.getRepository(SubmissionEntity).findOne({ where: { id } });
  }

  /** Whether the user is a member (not only invited) of the team: members move their team's entries. */
  async isTeamMember(teamId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2 AND status = 'member'`,
      [teamId, userId],
    );
    return rows.length > 0;
  }

  /** Whether the phase hides its results, and who organizes it (one indexed join). */
  async resultsVisibility(phaseId: string): Promise<{ resultsHidden: boolean; ownerId: string; competitionId: string } | null> {
    const [row]: { resultsHidden: boolean; ownerId: string; competitionId: string }[] = await this.db.query(
      `SELECT p.results_hidden AS "resultsHidden", c.owner_id AS "ownerId", c.id AS "competitionId"
         FROM phases p JOIN competitions c ON c.id = p.competition_id WHERE p.id = $1`,
      [phaseId],
    );
    return row ?? null;
  }

  /** Every board of the phase's competition: whether it is hidden, and its columns (with their hidden flags). */
  async boardColumns(phaseId: string): Promise<{ hidden: boolean; columns: ColumnModel[] }[]> {
    return this.db.query(
      `SELECT l.hidden, l.columns FROM phases p JOIN leaderboards l ON l.competition_id = p.competition_id WHERE p.id = $1`,
      [phaseId],
    );
  }

  async setResultsHidden(phaseId: string, hidden: boolean): Promise<void> {
    await this.db.getRepository(PhaseEntity).update({ id: phaseId }, { resultsHidden: hidden });
  }

  async entries(m: EntityManager, boardId: string, phaseId: string): Promise<EntryRow[]> {
    const rows: RawEntry[] = await m.query(
      `SELECT submission_id, entrant_id, submitted_at, rank, position, scores, column_ranks
         FROM leaderboard_entries WHERE leaderboard_id = $1 AND phase_id = $2`,
      [boardId, phaseId],
    );
    return rows.map(toEntryRow);
  }

  /**
   * The finished submissions of one entrant in the phase (a team's, else a user's own without a team), as
   * `entrantOf` assigns them: what Force_Best chooses the entrant's row from.
   */
  finishedOf(m: EntityManager, phaseId: string, entrantId: string): Promise<ScoredSubmission[]> {
    return m.query(
      `SELECT id, owner_id AS "ownerId", team_id AS "teamId", created_at AS "createdAt", scores
         FROM submissions
        WHERE phase_id = $1 AND status = 'finished'
          AND (team_id = $2 OR (team_id IS NULL AND owner_id = $2))`,
      [phaseId, entrantId],
    );
  }

  /** Every finished submission of the phase: a rebuild under a `Force_*` rule. */
  finished(m: EntityManager, phaseId: string): Promise<ScoredSubmission[]> {
    return m.query(
      `SELECT id, owner_id AS "ownerId", team_id AS "teamId", created_at AS "createdAt", scores
         FROM submissions WHERE phase_id = $1 AND status = 'finished'`,
      [phaseId],
    );
  }

  /** The finished submissions participants put on the board: the candidates under an `Add*` rule. */
  picked(m: EntityManager, boardId: string, phaseId: string): Promise<ScoredSubmission[]> {
    return m.query(
      `SELECT s.id, s.owner_id AS "ownerId", s.team_id AS "teamId", s.created_at AS "createdAt", s.scores
         FROM leaderboard_picks p JOIN submissions s ON s.id = p.submission_id
        WHERE p.leaderboard_id = $1 AND p.phase_id = $2 AND s.status = 'finished'`,
      [boardId, phaseId],
    );
  }

  picks(m: EntityManager, boardId: string, phaseId: string, entrantId: string): Promise<EntryPick[]> {
    return m.query(
      `SELECT submission_id AS "submissionId", entrant_id AS "participantId"
         FROM leaderboard_picks WHERE leaderboard_id = $1 AND phase_id = $2 AND entrant_id = $3 ORDER BY picked_at`,
      [boardId, phaseId, entrantId],
    );
  }

  async changePicks(
    m: EntityManager,
    boardId: string,
    phaseId: string,
    added: EntryPick[],
    removed: EntryPick[],
  ): Promise<void> {
    if (removed.length > 0) {
      await m.query('DELETE FROM leaderboard_picks WHERE leaderboard_id = $1 AND submission_id = ANY($2::uuid[])', [
        boardId,
        removed.map((p) => p.submissionId),
      ]);
    }
    for (const p of added) {
      await m.query(
        `INSERT INTO leaderboard_picks (leaderboard_id, phase_id, submission_id, entrant_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [boardId, phaseId, p.submissionId, p.participantId],
      );
    }
  }

  /** Applies a diff of rows and moves the board's version on, so that cached responses of it are no longer served. */
  async write(
    m: EntityManager,
    boardId: string,
    phaseId: string,
    upserts: EntryRow[],
    removedIds: string[],
    count: number,
  ): Promise<void> {
    if (removedIds.length > 0) {
      await m.query(
        `DELETE FROM leaderboard_entries
          WHERE leaderboard_id = $1 AND phase_id = $2 AND submission_id = ANY($3::uuid[])`,
        [boardId, phaseId, removedIds],
      );
    }
    for (let i = 0; i < upserts.length; i += WRITE_CHUNK) {
      const chunk = upserts.slice(i, i + WRITE_CHUNK);
      await m.query(
        `INSERT INTO leaderboard_entries
           (leaderboard_id, phase_id, submission_id, entrant_id, submitted_at, rank, position, scores, column_ranks)
         SELECT $1, $2, t.* FROM unnest(
           $3::uuid[], $4::uuid[], $5::timestamptz[], $6::int[], $7::int[], $8::jsonb[], $9::jsonb[])
           AS t(submission_id, entrant_id, submitted_at, rank, position, scores, column_ranks)
         ON CONFLICT (leaderboard_id, phase_id, submission_id) DO UPDATE SET
           entrant_id = EXCLUDED.entrant_id, submitted_at = EXCLUDED.submitted_at, rank = EXCLUDED.rank,
           position = EXCLUDED.position, scores = EXCLUDED.scores, column_ranks = EXCLUDED.column_ranks`,
        [
          boardId,
          phaseId,
          chunk.map((r) => r.submissionId),
          chunk.map((r) => r.entrantId),
          chunk.map((r) => r.submittedAt),
          chunk.map((r) => r.rank),
          chunk.map((r) => r.position),
          chunk.map((r) => JSON.stringify(r.scores)),
          chunk.map((r) => JSON.stringify(r.columnRanks)),
        ],
      );
    }
    await m.query(
      `INSERT INTO leaderboard_versions (leaderboard_id, phase_id, version, entry_count) VALUES ($1, $2, 1, $3)
       ON CONFLICT (leaderboard_id, phase_id) DO UPDATE
         SET version = leaderboard_versions.version + 1, entry_count = EXCLUDED.entry_count, updated_at = now()`,
      [boardId, phaseId, count],
    );
  }

  /** Drops every row of the board (a rebuild rewrites them all). */
  async clear(m: EntityManager, boardId: string, phaseId: string): Promise<void> {
    await m.query('DELETE FROM leaderboard_entries WHERE leaderboard_id = $1 AND phase_id = $2', [boardId, phaseId]);
  }
}

interface RawEntry {
  submission_id: string;
  entrant_id: string;
  submitted_at: Date;
  rank: number | null;
  position: number;
  scores: Record<string, number | null>;
  column_ranks: Record<string, number | null>;
}

function toEntryRow(r: RawEntry): EntryRow {
  return {
    submissionId: r.submission_id,
    entrantId: r.entrant_id,
    submittedAt: r.submitted_at.toISOString(),
    rank: r.rank,
    position: r.position,
    scores: r.scores,
    columnRanks: r.column_ranks,
  };
}
