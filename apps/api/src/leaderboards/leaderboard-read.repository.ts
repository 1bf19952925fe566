import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ColumnModel, SubmissionRule } from '@arena/bundle';
import type { Pool, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A phase with one of its boards, the board's maintained version and a digest of its settings. */
export interface BoardContext {
  competitionId: string;
  ownerId: string;
  resultsHidden: boolean;
  /** Fact-sheet questions marked is_on_leaderboard, shown as columns of every board. */
  factSheetColumns: { key: string; title: string }[];
  board: {
    id: string;
    key: string;
    title: string;
    hidden: boolean;
    primaryIndex: number;
    submissionRule: SubmissionRule;
    columns: ColumnModel[];
  } | null;
  /** Changes whenever the board's rows or settings change: the cache key of its responses. */
  version: string;
  total: number;
}

export interface ReadRow {
  rank: number | null;
  position: number;
  submissionId: string;
  submittedAt: Date;
  scores: Record<string, number | null>;
  participant: string | null;
  factSheet: Record<string, boolean | string> | null;
}

// Entrants are users for now (see entrant.ts): their display name is the username.
// Fact-sheet answers come with the row: those the competition puts on the leaderboard are shown as columns.
const ROW_SELECT = `SELECT e.rank, e.position, e.submission_id AS "submissionId", e.submitted_at AS "submittedAt",
  e.scores, u.username AS participant, s.fact_sheet AS "factSheet"
  FROM leaderboard_entries e LEFT JOIN users u ON u.id = e.entrant_id LEFT JOIN submissions s ON s.id = e.submission_id`;

/**
 * The read side: every request is one indexed query for the context and, on a cache miss, one range scan. Reads go
 * to the driver's pg pool as named prepared statements: PostgreSQL plans them once per connection, and TypeORM's
 * per-query runner is skipped on the hottest path of the API.
 */
@Injectable()
export class LeaderboardReadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One row per board of the phase (or only the board `key`); a single row with board null when there is none. */
  async contexts(phaseId: string, key: string | null): Promise<BoardContext[]> {
    const rows = await this.query<RawContext>({
      name: 'leaderboard-contexts',
      text: `SELECT p.competition_id, p.results_hidden, c.owner_id, c.model->'factSheet' AS fact_sheet,
              l.id, l.key, l.title, l.hidden, l.primary_index, l.submission_rule, l.columns,
              COALESCE(v.version, 0)::text || ':'
                || md5(l.columns::text || l.hidden::text || l.primary_index::text) AS version,
              COALESCE(v.entry_count, 0) AS total
         FROM phases p JOIN competitions c ON c.id = p.competition_id
         LEFT JOIN leaderboards l ON l.competition_id = p.competition_id AND ($2::text IS NULL OR l.key = $2)
         LEFT JOIN leaderboard_versions v ON v.leaderboard_id = l.id AND v.phase_id = p.id
        WHERE p.id = $1 ORDER BY l.index`,
      values: [phaseId, key],
    });
    return rows.map((r) => ({
      competitionId: r.competition_id,
      ownerId: r.owner_id,
      resultsHidden: r.results_hidden,
      factSheetColumns: (r.fact_sheet ?? []).filter((q) => q.isOnLeaderboard).map((q) => ({ key: q.key, title: q.title })),
      board: r.id
        ? {
            id: r.id,
            key: r.key!,
            title: r.title!,
            hidden: r.hidden!,
            primaryIndex: r.primary_index!,
            submissionRule: r.submission_rule!,
            columns: r.columns!,
          }
        : null,
      version: r.version ?? '',
      total: r.total,
    }));
  }

  /** Rows `from`..`to` (1-based positions, inclusive) of the board. */
  range(boardId: string, phaseId: string, from: number, to: number): Promise<ReadRow[]> {
    return this.query<ReadRow>({
      name: 'leaderboard-range',
      text: `${ROW_SELECT}
        WHERE e.leaderboard_id = $1 AND e.phase_id = $2 AND e.position BETWEEN $3 AND $4 ORDER BY e.position`,
      values: [boardId, phaseId, from, to],
    });
  }

  /**
   * The entrant's best position and the rows `neighbours` above and below it, in one statement (two index
   * lookups). Empty when the entrant has no row.
   */
  async around(
    boardId: string,
    phaseId: string,
    entrantId: string,
    neighbours: number,
  ): Promise<{ position: number | null; rows: ReadRow[] }> {
    const rows = await this.query<ReadRow & { mine: number }>({
      name: 'leaderboard-around',
      // The position is an InitPlan, so the window is an index range whatever the planner estimates (a join here
      // was planned as a scan of the whole board).
      text: `WITH me AS MATERIALIZED
          (SELECT min(position) AS p FROM leaderboard_entries
            WHERE leaderboard_id = $1 AND phase_id = $2 AND entrant_id = $3)
        ${ROW_SELECT.replace('SELECT ', 'SELECT (SELECT p FROM me) AS mine, ')}
        WHERE e.leaderboard_id = $1 AND e.phase_id = $2
          AND e.position BETWEEN (SELECT p FROM me) - $4::int AND (SELECT p FROM me) + $4::int
        ORDER BY e.position`,
      values: [boardId, phaseId, entrantId, neighbours],
    });
    return { position: rows[0]?.mine ?? null, rows };
  }

  private async query<T>(config: QueryConfig): Promise<T[]> {
    const pool = (this.db.driver as PostgresDriver).master as Pool;
    return (await pool.query(config)).rows as T[];
  }
}

interface RawContext {
  competition_id: string;
  owner_id: string;
  results_hidden: boolean;
  fact_sheet: { key: string; title: string; isOnLeaderboard: boolean }[] | null;
  id: string | null;
  key: string | null;
  title: string | null;
  hidden: boolean | null;
  primary_index: number | null;
  submission_rule: SubmissionRule | null;
  columns: ColumnModel[] | null;
  version: string | null;
  total: number;
}
