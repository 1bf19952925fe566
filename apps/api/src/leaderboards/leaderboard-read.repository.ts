import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ColumnModel, ScoreComputation, SubmissionRule } from '@arena/bundle';
import { participantChooses } from '@arena/leaderboard';
import type { QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import { preparedQuery } from '@api/database/prepared-query';
import type { SubmissionMetadata } from '@api/submissions/entities/submission.entity';
import type { EntrantNumbers, RowNames } from './pseudonyms';

/** A phase with one of its boards, the board's maintained version and a digest of its settings. */
export interface BoardContext {
  competitionId: string;
  ownerId: string;
  resultsHidden: boolean;
  /** Fact-sheet questions marked is_on_leaderboard, shown as columns of every board. */
  factSheetColumns: { key: string; title: string }[];
  /** Each row links to its detailed results page (enable_detailed_results and show_detailed_results_in_leaderboard). */
  detailedResults: boolean;
  /** Participants see entrants as pseudonyms (the competition's `anonymousLeaderboard`). */
  anonymous: boolean;
  /** Rows carry their submission's metadata (options.showSubmissionMetadataOnLeaderboard). */
  submissionMetadata: boolean;
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
  freshness: BoardFreshness;
}

/** How current a board is: results stored for its phase that it has not taken in yet are pending. */
export interface BoardFreshness {
  /** When the board last took in results (ISO 8601); null before its first. */
  updatedAt: string | null;
  pending: number;
  /** When the oldest pending result was stored (ISO 8601); null when none is. */
  pendingSince: string | null;
}

export interface ReadRow extends Partial<EntrantNumbers> {
  rank: number | null;
  position: number;
  submissionId: string;
  submittedAt: Date;
  scores: Record<string, number | null>;
  /** The entrant's name: the team's, else the owner's username (null when only pseudonyms were read). */
  participant: string | null;
  /** The member who made the submission. */
  submitter: string | null;
  team: string | null;
  factSheet: Record<string, boolean | string> | null;
  /** The submitter's description of the submission (method, code and paper links), where given. */
  metadata: SubmissionMetadata | null;
  /** In "my rank" answers: the row is the caller's own or their team's. */
  isMine?: boolean;
  /** Tasks added to the phase later whose runs of this submission have not ended (benchmark mode). */
  pendingTasks?: string[];
}

/** One step of a board's best score over time. */
export interface HistoryPoint {
  at: Date;
  best: number;
}

/** How the charted value of a submission is read from its scores: one column, or a score computation over several. */
export interface HistoryValue {
  keys: string[];
  /** A score computation over `keys` (null when one is missing); 'max' of one key is the key itself. */
  computation: ScoreComputation;
  /** 1 when higher is better, -1 when lower is. */
  direction: 1 | -1;
  /** Only the submissions participants picked (the Add* rules); else every finished one. */
  pickedOnly: boolean;
}

// The entrant is the submission's team when it has one (see entrant.ts): its name is shown, with the member who
// submitted. Fact-sheet answers come with the row: those the competition puts on the leaderboard are shown as columns.
// On an anonymous board the pseudonyms' numbers come too (ownerNumber, teamNumber), and for participants they come
// instead of the names: a read for them never touches users or teams.
// Tasks added to the phase later (benchmark mode) whose runs of the row's submission have not ended: one probe of
// a small partial index per row.
const ROW_COLUMNS = `e.rank, e.position, e.submission_id AS "submissionId", e.submitted_at AS "submittedAt",
  e.scores, s.fact_sheet AS "factSheet", s.metadata,
  ARRAY(SELECT r.task_id FROM runs r WHERE r.submission_id = e.submission_id AND r.added_task
    AND r.status IN ('queued', 'running') ORDER BY r.task_id) AS "pendingTasks"`;
const ROW_FROM = `FROM leaderboard_entries e LEFT JOIN submissions s ON s.id = e.submission_id`;
const NAMES = `COALESCE(t.name, u.username) AS participant, u.username AS submitter, t.name AS team`;
const NAME_JOINS = `LEFT JOIN users u ON u.id = s.owner_id LEFT JOIN teams t ON t.id = s.team_id`;
const NUMBERS = `s.team_id IS NOT NULL AS "isTeam", op.number AS "ownerNumber", tp.number AS "teamNumber"`;
const NUMBER_JOINS = `LEFT JOIN entrant_pseudonyms op ON op.competition_id = s.competition_id AND op.entrant_id = s.owner_id
  LEFT JOIN entrant_pseudonyms tp ON tp.competition_id = s.competition_id AND tp.entrant_id = s.team_id`;
const ROW_SELECT: Record<RowNames, string> = {
  real: `SELECT ${ROW_COLUMNS}, ${NAMES} ${ROW_FROM} ${NAME_JOINS}`,
  both: `SELECT ${ROW_COLUMNS}, ${NAMES}, ${NUMBERS} ${ROW_FROM} ${NAME_JOINS} ${NUMBER_JOINS}`,
  pseudonyms: `SELECT ${ROW_COLUMNS}, NULL::text AS participant, NULL::text AS submitter, NULL::text AS team, ${NUMBERS}
    ${ROW_FROM} ${NUMBER_JOINS}`,
};
// In "my rank" ($3 the competition, $4 the caller): the row is the caller's own or their team's. The team lookup is
// uncorrelated: evaluated once per statement.
const IS_MINE = `e.entrant_id IN ($4::uuid, (SELECT team_id FROM team_members
  WHERE competition_id = $3 AND user_id = $4::uuid AND status = 'member')) AS "isMine"`;
/** Prepared statement names: one text per name on a connection. */
const suffix = (names: RowNames) => (names === 'real' ? '' : `-${names}`);

// A score of the submission `s` read as a number; anything else (missing, not a number) is null.
const SCORE = (key: string) =>
  `CASE WHEN jsonb_typeof(s.scores -> ${key}) = 'number' THEN (s.scores ->> ${key})::float8 END`;

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
              (c.model->>'enableDetailedResults' = 'true' AND c.model->>'showDetailedResultsInLeaderboard' = 'true') AS detailed_results,
              c.model->>'anonymousLeaderboard' = 'true' AS anonymous,
              c.model #>> '{options,showSubmissionMetadataOnLeaderboard}' = 'true' AS submission_metadata,
              l.id, l.key, l.title, l.hidden, l.primary_index, l.submission_rule, l.columns,
              COALESCE(v.version, 0)::text || ':'
                || md5(l.columns::text || l.hidden::text || l.primary_index::text) AS version,
              COALESCE(v.entry_count, 0) AS total, v.applied_at, a.pending, a.pending_since, t.pending_tasks
         FROM phases p JOIN competitions c ON c.id = p.competition_id
         LEFT JOIN leaderboards l ON l.competition_id = p.competition_id AND ($2::text IS NULL OR l.key = $2)
         LEFT JOIN leaderboard_versions v ON v.leaderboard_id = l.id AND v.phase_id = p.id
         CROSS JOIN LATERAL (SELECT count(*)::int AS pending, min(arrived_at) AS pending_since
                               FROM leaderboard_arrivals WHERE phase_id = p.id) a
         CROSS JOIN LATERAL (SELECT count(*)::int AS pending_tasks FROM runs r JOIN submissions rs ON rs.id = r.submission_id
                              WHERE r.added_task AND r.status IN ('queued', 'running') AND rs.phase_id = p.id) t
        WHERE p.id = $1 ORDER BY l.index`,
      values: [phaseId, key],
    });
    return rows.map((r) => ({
      competitionId: r.competition_id,
      ownerId: r.owner_id,
      resultsHidden: r.results_hidden,
      detailedResults: r.detailed_results === true,
      anonymous: r.anonymous === true,
      submissionMetadata: r.submission_metadata === true,
      factSheetColumns: (r.fact_sheet ?? [])
        .filter((q) => q.isOnLeaderboard)
        .map((q) => ({ key: q.key, title: q.title })),
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
      // Turning anonymity on or off changes every response of the board: a new version, a new cache key.
      // Rows marked pending for an added task lose the mark when its run ends, whatever the board then does.
      version: `${r.version ?? ''}${r.anonymous === true ? ':anonymous' : ''}${r.submission_metadata === true ? ':metadata' : ''}${r.pending_tasks ? `:tasks${r.pending_tasks}` : ''}`,
      total: r.total,
      // Under an Add* rule results reach the board when participants pick them: none waits for the board itself.
      freshness:
        r.submission_rule && participantChooses(r.submission_rule)
          ? { updatedAt: r.applied_at?.toISOString() ?? null, pending: 0, pendingSince: null }
          : {
              updatedAt: r.applied_at?.toISOString() ?? null,
              pending: r.pending,
              pendingSince: r.pending_since?.toISOString() ?? null,
            },
    }));
  }

  /** Rows `from`..`to` (1-based positions, inclusive) of the board. */
  range(boardId: string, phaseId: string, from: number, to: number, names: RowNames): Promise<ReadRow[]> {
    return this.query<ReadRow>({
      name: `leaderboard-range${suffix(names)}`,
      text: `${ROW_SELECT[names]}
        WHERE e.leaderboard_id = $1 AND e.phase_id = $2 AND e.position BETWEEN $3 AND $4 ORDER BY e.position`,
      values: [boardId, phaseId, from, to],
    });
  }

  /**
   * The caller's row (their team's when they are a member of a team of the competition, else their own best) and
   * the rows `neighbours` above and below it, in one statement (a few index lookups). Empty when they have no row.
   */
  async around(
    boardId: string,
    phaseId: string,
    competitionId: string,
    userId: string,
    neighbours: number,
    names: RowNames,
  ): Promise<{ position: number | null; rows: ReadRow[] }> {
    const rows = await this.query<ReadRow & { mine: number }>({
      name: `leaderboard-around${suffix(names)}`,
      // The position is an InitPlan, so the window is an index range whatever the planner estimates (a join here
      // was planned as a scan of the whole board). The team lookup mirrors TeamsService.entrantOfUser; folding it in
      // saves a round trip on the hottest authenticated read.
      text: `WITH me AS MATERIALIZED
          (SELECT position AS p FROM leaderboard_entries
            WHERE leaderboard_id = $1 AND phase_id = $2
              AND entrant_id IN ($4::uuid, (SELECT team_id FROM team_members
                                             WHERE competition_id = $3 AND user_id = $4::uuid AND status = 'member'))
            ORDER BY entrant_id = $4::uuid, position LIMIT 1)
        ${ROW_SELECT[names].replace('SELECT ', `SELECT (SELECT p FROM me) AS mine, ${IS_MINE}, `)}
        WHERE e.leaderboard_id = $1 AND e.phase_id = $2
          AND e.position BETWEEN (SELECT p FROM me) - $5::int AND (SELECT p FROM me) + $5::int
        ORDER BY e.position`,
      values: [boardId, phaseId, competitionId, userId, neighbours],
    });
    return { position: rows[0]?.mine ?? null, rows };
  }

  /**
   * The board's best value at each moment a new best appeared, by finish time: one pass over the phase's finished
   * submissions in finish order (partial index submissions_phase_finished_idx, or a sort), a running best by window
   * function, and only the rows that beat it returned. Linear in the phase's finished submissions (about 0.1-0.3 s
   * at 100k): the service caches the answer per board version.
   */
  history(boardId: string, phaseId: string, value: HistoryValue): Promise<HistoryPoint[]> {
    const single = value.keys.length === 1;
    const params = [phaseId, value.direction, value.pickedOnly, boardId];
    const expr = single
      ? SCORE('$5::text')
      : `(SELECT CASE WHEN count(c.v) = cardinality($5::text[]) THEN
            CASE $6::text WHEN 'avg' THEN avg(c.v) WHEN 'sum' THEN sum(c.v) WHEN 'min' THEN min(c.v)
              ELSE max(c.v) END END
            FROM (SELECT ${SCORE('k.key')} AS v FROM unnest($5::text[]) AS k(key)) c)`;
    return this.query<HistoryPoint>({
      name: single ? 'leaderboard-history-column' : 'leaderboard-history-computed',
      text: `WITH v AS (
          SELECT s.finished_at AS at, s.id, ${expr} AS x FROM submissions s
           WHERE s.phase_id = $1 AND s.status = 'finished' AND s.finished_at IS NOT NULL
             AND (NOT $3::boolean
                  OR EXISTS (SELECT 1 FROM leaderboard_picks p
                              WHERE p.leaderboard_id = $4 AND p.submission_id = s.id))),
        r AS (
          SELECT at, id, x,
                 max(x * $2::float8) OVER (ORDER BY at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
            FROM v WHERE x IS NOT NULL)
        SELECT at, x AS best FROM r WHERE prev IS NULL OR x * $2::float8 > prev ORDER BY at, id`,
      values: single ? [...params, value.keys[0]] : [...params, value.keys, value.computation],
    });
  }

  private query<T>(config: QueryConfig & { name: string }): Promise<T[]> {
    return preparedQuery<T>(this.db, config);
  }
}

interface RawContext {
  competition_id: string;
  owner_id: string;
  results_hidden: boolean;
  fact_sheet: { key: string; title: string; isOnLeaderboard: boolean }[] | null;
  detailed_results: boolean | null;
  anonymous: boolean | null;
  submission_metadata: boolean | null;
  id: string | null;
  key: string | null;
  title: string | null;
  hidden: boolean | null;
  primary_index: number | null;
  submission_rule: SubmissionRule | null;
  columns: ColumnModel[] | null;
  version: string | null;
  total: number;
  applied_at: Date | null;
  pending: number;
  pending_since: Date | null;
  pending_tasks: number;
}
