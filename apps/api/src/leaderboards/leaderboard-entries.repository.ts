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
/** How long taking in arrivals waits for a board's lock (a rebuild of a large board holds it for seconds). */
const BOARD_LOCK_TIMEOUT_MS = 10_000;

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
      await lockBoards(m, [boardId], phaseId);
      return fn(m);
    });
  }

  /**
   * The arrivals of the phase that are due (`retried`: those that failed before; else the others), oldest first, at
   * most `limit`, claimed in a transaction that then holds every board's lock (in id order, as every holder of
   * several takes them) and runs `fn` with the claimed ids. `onClaimed` learns them as soon as they are claimed, so
   * that the caller can mark them failed when the rest fails. Rows another process holds are skipped. A board lock
   * is waited for at most BOARD_LOCK_TIMEOUT_MS: then the claimed arrivals fail and are retried.
   */
  withClaimedArrivals<T>(
    phaseId: string,
    boardIds: string[],
    claim: { retried: boolean; limit: number } | { ids: string[] },
    onClaimed: (ids: string[]) => void,
    fn: (m: EntityManager, ids: string[]) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (m) => {
      // Not waiting for the commit to reach the disk is safe here: a crash can lose only whole transactions, and
      // this one deletes the arrivals it takes in, so a lost one is taken in again (the boards are derived data).
      await m.query(`SET LOCAL lock_timeout = ${BOARD_LOCK_TIMEOUT_MS}; SET LOCAL synchronous_commit = off`);
      const rows: { submission_id: string }[] =
        'ids' in claim
          ? await m.query(
              `SELECT submission_id FROM leaderboard_arrivals WHERE submission_id = ANY($1::uuid[])
                ORDER BY arrived_at FOR UPDATE SKIP LOCKED`,
              [claim.ids],
            )
          : await m.query(
              `SELECT submission_id FROM leaderboard_arrivals
                WHERE phase_id = $1 AND next_attempt_at <= now() AND (attempts > 0) = $2
                ORDER BY arrived_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
              [phaseId, claim.retried, claim.limit],
            );
      const ids = rows.map((r) => r.submission_id);
      onClaimed(ids);
      if (ids.length > 0) {
        await lockBoards(m, [...boardIds].sort(), phaseId);
      }
      return fn(m, ids);
    });
  }

  /** Phases with arrivals due now (their competition too). */
  duePhases(limit: number): Promise<{ phaseId: string; competitionId: string }[]> {
    return this.db.query(
      `SELECT phase_id AS "phaseId", competition_id AS "competitionId" FROM leaderboard_arrivals
        WHERE next_attempt_at <= now() GROUP BY phase_id, competition_id ORDER BY min(arrived_at) LIMIT $1`,
      [limit],
    );
  }

  /** The claimed arrivals' submissions that are finished (the others have nothing to put on a board). */
  arrivedSubmissions(m: EntityManager, ids: string[]): Promise<ScoredSubmission[]> {
    return m.query(
      `SELECT id, owner_id AS "ownerId", team_id AS "teamId", created_at AS "createdAt", scores
         FROM submissions WHERE id = ANY($1::uuid[]) AND status = 'finished'`,
      [ids],
    );
  }

  /** Arrivals every board of their phase took in (same transaction as the boards' rows). */
  async deleteArrivals(m: EntityManager, ids: string[]): Promise<void> {
    await m.query('DELETE FROM leaderboard_arrivals WHERE submission_id = ANY($1::uuid[])', [ids]);
  }

  /**
   * Arrivals whose application failed: counted, with the error, and due again after a delay that doubles with each
   * attempt (0.5 s to 60 s), or at once (`now`: a failed batch, retried one by one).
   */
  async failArrivals(ids: string[], error: string, now: boolean): Promise<void> {
    await this.db.query(
      `UPDATE leaderboard_arrivals SET attempts = attempts + 1, last_error = left($2, 2000),
              next_attempt_at = CASE WHEN $3::boolean THEN now()
                ELSE now() + least(interval '60 seconds', interval '500 milliseconds' * power(2, attempts)) END
        WHERE submission_id = ANY($1::uuid[])`,
      [ids, error, now],
    );
  }

  /** The board took in results that changed none of its rows: it is current as of now all the same. */
  async touch(m: EntityManager, boardId: string, phaseId: string): Promise<void> {
    await m.query(
      `INSERT INTO leaderboard_versions (leaderboard_id, phase_id, version, entry_count, applied_at)
       VALUES ($1, $2, 0, 0, now())
       ON CONFLICT (leaderboard_id, phase_id) DO UPDATE SET applied_at = now()`,
      [boardId, phaseId],
    );
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
  async resultsVisibility(
    phaseId: string,
  ): Promise<{ resultsHidden: boolean; ownerId: string; competitionId: string } | null> {
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
   * The finished submissions of these entrants in the phase (a team's, else a user's own without a team), as
   * `entrantOf` assigns them: what Force_Best chooses each entrant's row from.
   */
  finishedOf(m: EntityManager, phaseId: string, entrantIds: string[]): Promise<ScoredSubmission[]> {
    return m.query(
      `SELECT id, owner_id AS "ownerId", team_id AS "teamId", created_at AS "createdAt", scores
         FROM submissions
        WHERE phase_id = $1 AND status = 'finished'
          AND (team_id = ANY($2::uuid[]) OR (team_id IS NULL AND owner_id = ANY($2::uuid[])))`,
      [phaseId, entrantIds],
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

  /**
   * Applies a diff of rows and moves the board's version on, so that cached responses of it are no longer served:
   * `updates` are rows the board holds (only what ranking moves is written: rank, position, scores, column ranks),
   * `upserts` rows it may not hold. The rows go as one JSON document per chunk (jsonb_to_recordset): PostgreSQL
   * parses it faster than the driver writes arrays of JSON texts. Returns the new version.
   */
  async write(
    m: EntityManager,
    boardId: string,
    phaseId: string,
    { upserts, updates = [] }: { upserts: EntryRow[]; updates?: EntryRow[] },
    removedIds: string[],
    count: number,
  ): Promise<string> {
    if (removedIds.length > 0) {
      await m.query(
        `DELETE FROM leaderboard_entries
          WHERE leaderboard_id = $1 AND phase_id = $2 AND submission_id = ANY($3::uuid[])`,
        [boardId, phaseId, removedIds],
      );
    }
    // An UPDATE joined on the key does about half the work of INSERT ... ON CONFLICT DO UPDATE for the same rows
    // (no insertion attempted, no arbiter check, narrower rows sent): on an average-rank board most rows move with
    // every result, so this is most of a batch's write (5,000 rows: 300-450 ms against 600-1,500 ms, loaded host).
    for (let i = 0; i < updates.length; i += WRITE_CHUNK) {
      const rows = updates.slice(i, i + WRITE_CHUNK).map((r) => ({
        s: r.submissionId,
        r: r.rank,
        p: r.position,
        sc: r.scores,
        cr: r.columnRanks,
      }));
      await m.query(
        `UPDATE leaderboard_entries e
            SET rank = t.r, position = t.p, scores = t.sc, column_ranks = t.cr
           FROM jsonb_to_recordset($3::jsonb) AS t(s uuid, r int, p int, sc jsonb, cr jsonb)
          WHERE e.leaderboard_id = $1 AND e.phase_id = $2 AND e.submission_id = t.s`,
        [boardId, phaseId, JSON.stringify(rows)],
      );
    }
    for (let i = 0; i < upserts.length; i += WRITE_CHUNK) {
      const chunk = upserts.slice(i, i + WRITE_CHUNK);
      const rows = chunk.map((r) => ({
        s: r.submissionId,
        e: r.entrantId,
        t: r.submittedAt,
        r: r.rank,
        p: r.position,
        sc: r.scores,
        cr: r.columnRanks,
      }));
      await m.query(
        `INSERT INTO leaderboard_entries
           (leaderboard_id, phase_id, submission_id, entrant_id, submitted_at, rank, position, scores, column_ranks)
         SELECT $1, $2, t.s, t.e, t.t, t.r, t.p, t.sc, t.cr
           FROM jsonb_to_recordset($3::jsonb) AS t(s uuid, e uuid, t timestamptz, r int, p int, sc jsonb, cr jsonb)
         ON CONFLICT (leaderboard_id, phase_id, submission_id) DO UPDATE SET
           rank = EXCLUDED.rank, position = EXCLUDED.position, scores = EXCLUDED.scores,
           column_ranks = EXCLUDED.column_ranks`,
        [boardId, phaseId, JSON.stringify(rows)],
      );
    }
    const [{ version }]: { version: string }[] = await m.query(
      `INSERT INTO leaderboard_versions (leaderboard_id, phase_id, version, entry_count, applied_at)
       VALUES ($1, $2, 1, $3, now())
       ON CONFLICT (leaderboard_id, phase_id) DO UPDATE
         SET version = leaderboard_versions.version + 1, entry_count = EXCLUDED.entry_count, updated_at = now(),
             applied_at = now()
       RETURNING version::text`,
      [boardId, phaseId, count],
    );
    return version;
  }

  /** The board's version (what `write` returned last), '0' before its first write. */
  async version(m: EntityManager, boardId: string, phaseId: string): Promise<string> {
    const rows: { version: string }[] = await m.query(
      'SELECT version::text FROM leaderboard_versions WHERE leaderboard_id = $1 AND phase_id = $2',
      [boardId, phaseId],
    );
    return rows[0]?.version ?? '0';
  }

  /** Drops every row of the board (a rebuild rewrites them all). */
  async clear(m: EntityManager, boardId: string, phaseId: string): Promise<void> {
    await m.query('DELETE FROM leaderboard_entries WHERE leaderboard_id = $1 AND phase_id = $2', [boardId, phaseId]);
  }
}

/** Takes the boards' locks in the order given: callers that take several sort them by id, so none waits in a cycle. */
async function lockBoards(m: EntityManager, boardIds: string[], phaseId: string): Promise<void> {
  for (const boardId of boardIds) {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`leaderboard:${boardId}:${phaseId}`]);
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
