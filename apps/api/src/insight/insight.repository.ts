import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HISTOGRAM_EDGES_SEC } from './distribution';

export interface InsightTotals {
  registered: number;
  submissions: number;
  activeParticipants: number;
  activeTeams: number;
  activeLast7Days: number;
}

export interface DayRow {
  day: string;
  submissions: number;
  failed: number;
  submitters: number;
}

export interface DistributionRow {
  kind: 'wait' | 'run';
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface BoardRef {
  phaseId: string;
  phaseName: string;
  key: string;
  title: string;
}

/**
 * Every insight figure is one aggregate query over the competition's submissions (by the (competition_id, created_at)
 * index) and their runs (by runs_submission_idx): the cost grows with the rows, never with round trips.
 * Organizer re-runs are left out of activity (they are not a participant's doing) but counted where the queue's load
 * and failures are concerned.
 */
@Injectable()
export class InsightRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async timeZone(competitionId: string): Promise<string | null> {
    const rows: { tz: string }[] = await this.db.query('SELECT time_zone AS tz FROM competitions WHERE id = $1', [
      competitionId,
    ]);
    return rows[0]?.tz ?? null;
  }

  async totals(competitionId: string): Promise<InsightTotals> {
    const [row] = await this.db.query(
      `SELECT (SELECT count(*) FROM participants WHERE competition_id = $1 AND status = 'approved')::int AS registered,
              count(*)::int AS submissions,
              count(DISTINCT owner_id)::int AS "activeParticipants",
              count(DISTINCT team_id)::int AS "activeTeams",
              count(DISTINCT owner_id) FILTER (WHERE created_at > now() - interval '7 days')::int AS "activeLast7Days"
         FROM submissions WHERE competition_id = $1 AND rerun_of IS NULL`,
      [competitionId],
    );
    return row as InsightTotals;
  }

  /** Days in the competition's time zone, oldest first; days without submissions are absent. */
  perDay(competitionId: string, timeZone: string): Promise<DayRow[]> {
    return this.db.query(
      `SELECT to_char(created_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day,
              count(*)::int AS submissions,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(DISTINCT owner_id)::int AS submitters
         FROM submissions WHERE competition_id = $1 AND rerun_of IS NULL
        GROUP BY 1 ORDER BY 1`,
      [competitionId, timeZone],
    );
  }

  failures(competitionId: string): Promise<{ cause: string; count: number }[]> {
    return this.db.query(
      `SELECT coalesce(failure_code, 'unknown') AS cause, count(*)::int AS count
         FROM submissions WHERE competition_id = $1 AND status = 'failed'
        GROUP BY 1 ORDER BY 2 DESC, 1`,
      [competitionId],
    );
  }

  /**
   * Queue wait (a run's creation to its start on a worker) and run time (the worker's elapsed time, else start to
   * end) of every run that started: per kind, percentiles and max (bucket null) and the count per histogram bucket,
   * in one pass over the runs (grouping sets).
   */
  async distributions(
    competitionId: string,
  ): Promise<{ stats: DistributionRow[]; buckets: { kind: 'wait' | 'run'; bucket: number; count: number }[] }> {
    const rows: (DistributionRow & { bucket: number | null })[] = await this.db.query(
      `WITH r AS (
         SELECT extract(epoch FROM r.started_at - r.created_at)::float8 AS wait,
                CASE WHEN r.status IN ('finished', 'failed') AND r.finished_at IS NOT NULL
                     THEN coalesce(r.elapsed_ms / 1000.0, extract(epoch FROM r.finished_at - r.started_at))::float8
                END AS run
           FROM submissions s JOIN runs r ON r.submission_id = s.id
          WHERE s.competition_id = $1 AND r.started_at IS NOT NULL
       ), v AS (
         SELECT 'wait' AS kind, greatest(wait, 0) AS sec FROM r
         UNION ALL SELECT 'run', greatest(run, 0) FROM r WHERE run IS NOT NULL
       ), b AS (SELECT kind, sec, width_bucket(sec, $2::float8[]) AS bucket FROM v)
       SELECT kind, bucket, count(*)::int AS count,
              CASE WHEN bucket IS NULL THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY sec) END AS p50,
              CASE WHEN bucket IS NULL THEN percentile_cont(0.9) WITHIN GROUP (ORDER BY sec) END AS p90,
              CASE WHEN bucket IS NULL THEN percentile_cont(0.99) WITHIN GROUP (ORDER BY sec) END AS p99,
              max(sec) AS max
         FROM b GROUP BY GROUPING SETS ((kind), (kind, bucket))`,
      [competitionId, HISTOGRAM_EDGES_SEC],
    );
    return {
      stats: rows.filter((r) => r.bucket === null),
      buckets: rows
        .filter((r): r is DistributionRow & { bucket: number } => r.bucket !== null)
        .map((r) => ({ kind: r.kind, bucket: r.bucket, count: r.count })),
    };
  }

  /** Each phase with the competition's first board (every board ranks every phase). */
  boards(competitionId: string): Promise<BoardRef[]> {
    return this.db.query(
      `SELECT p.id AS "phaseId", p.name AS "phaseName", b.key, b.title
         FROM phases p
         JOIN LATERAL (SELECT key, title FROM leaderboards WHERE competition_id = p.competition_id
                        ORDER BY index LIMIT 1) b ON true
        WHERE p.competition_id = $1 ORDER BY p.index`,
      [competitionId],
    );
  }
}
