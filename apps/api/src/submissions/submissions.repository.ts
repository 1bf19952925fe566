import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { EntrantNumbers } from '@api/leaderboards/pseudonyms';
import { type NewRun, RunsRepository } from '@api/runs/runs.repository';
import { type Entrant, entrantKey } from './entrant';
import { SubmissionEntity } from './entities/submission.entity';
import type { LimitUsage } from './submission-limits';

/**
 * Shown beside a submission: its owner's username and its team's name; their pseudonyms' numbers and whether the
 * competition shows only those to other participants (anonymousLeaderboard).
 */
export interface Submitter extends EntrantNumbers {
  submitter: string;
  teamName: string | null;
  anonymous: boolean;
}

export interface LimitGuard {
  entrant: Entrant;
  timeZone: string;
  countFailed: boolean;
  now: Date;
  /** Throws to refuse; runs under a lock per phase and entrant, so concurrent requests cannot both pass. */
  check(usage: LimitUsage): void;
}

export type EndedSubmission = Pick<
  SubmissionEntity,
  'id' | 'ownerId' | 'competitionId' | 'phaseId' | 'status' | 'failureMessage' | 'scores'
>;

interface EndedRow {
  id: string;
  owner_id: string;
  competition_id: string;
  phase_id: string;
  status: SubmissionEntity['status'];
  failure_message: string | null;
  scores: Record<string, number> | null;
}

/** Thrown by insertWithRuns when the owner already used this Idempotency-Key. */
export class DuplicateIdempotencyKey extends Error {}

@Injectable()
export class SubmissionsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsRepository,
  ) {}

  /** The submission and its runs appear together or not at all, and only if the guard lets them. */
  async insertWithRuns(submission: Partial<SubmissionEntity>, runs: NewRun[], guard?: LimitGuard): Promise<void> {
    try {
      await this.db.transaction(async (m) => {
        if (guard) {
          const lock = `submission-limits:${submission.phaseId}:${entrantKey(guard.entrant)}`;
          await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
          guard.check(await this.usage(m, submission.phaseId!, guard));
        }
        await m.insert(SubmissionEntity, submission);
        await this.runs.insertRuns(m, runs);
      });
    } catch (e) {
      const constraint =
        e instanceof QueryFailedError ? (e.driverError as { constraint?: string }).constraint : undefined;
      if (constraint === 'submissions_idempotency_key') {
        throw new DuplicateIdempotencyKey();
      }
      throw e;
    }
  }

  usageOf(phaseId: string, guard: Omit<LimitGuard, 'check'>): Promise<LimitUsage> {
    return this.usage(this.db.manager, phaseId, guard);
  }

  /** The day is the calendar day of `now` in the competition's time zone (23 or 25 hours across DST changes). */
  private async usage(m: EntityManager, phaseId: string, g: Omit<LimitGuard, 'check'>): Promise<LimitUsage> {
    const [who, id] =
      g.entrant.kind === 'team'
        ? ['s.team_id = $2', g.entrant.teamId]
        : ['s.owner_id = $2 AND s.team_id IS NULL', g.entrant.userId];
    const rows: { total: number; today: number; in_flight: number; day_start: Date; day_end: Date }[] = await m.query(
      `WITH day AS (
         SELECT date_trunc('day', $3::timestamptz AT TIME ZONE $4) AT TIME ZONE $4 AS day_start,
                (date_trunc('day', $3::timestamptz AT TIME ZONE $4) + interval '1 day') AT TIME ZONE $4 AS day_end),
       counted AS (
         SELECT s.created_at, s.status, ($5 OR s.status NOT IN ('failed', 'cancelled')) AS counts
         FROM submissions s WHERE s.phase_id = $1 AND s.rerun_of IS NULL AND ${who})
       SELECT count(*) FILTER (WHERE c.counts)::int AS total,
              count(*) FILTER (WHERE c.counts AND c.created_at >= day.day_start AND c.created_at < day.day_end)::int AS today,
              count(*) FILTER (WHERE c.status IN ('submitted', 'queued', 'running'))::int AS in_flight,
              day.day_start, day.day_end
       FROM day LEFT JOIN counted c ON true
       GROUP BY day.day_start, day.day_end`,
      [phaseId, id, g.now.toISOString(), g.timeZone, g.countFailed],
    );
    const r = rows[0];
    return {
      total: r.total,
      today: r.today,
      inFlight: r.in_flight,
      dayStart: new Date(r.day_start),
      dayEnd: new Date(r.day_end),
    };
  }

  find(id: string): Promise<SubmissionEntity | null> {
    return this.db.getRepository(SubmissionEntity).findOne({ where: { id } });
  }

  async setPublic(id: string, isPublic: boolean): Promise<void> {
    await this.db.getRepository(SubmissionEntity).update({ id }, { isPublic });
  }

  findByIdempotencyKey(ownerId: string, idempotencyKey: string): Promise<SubmissionEntity | null> {
    return this.db.getRepository(SubmissionEntity).findOne({ where: { ownerId, idempotencyKey } });
  }

  /** Whether the submission is a row of a board participants can see. */
  async onVisibleLeaderboard(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM leaderboard_entries e JOIN leaderboards l ON l.id = e.leaderboard_id
       WHERE e.submission_id = $1 AND NOT l.hidden LIMIT 1`,
      [id],
    );
    return rows.length > 0;
  }

  /** Who made each submission: the owner's username and, for a team submission, the team's name. */
  async submitters(ids: string[]): Promise<Map<string, Submitter>> {
    if (ids.length === 0) {
      return new Map();
    }
    const rows: (Omit<Submitter, 'submitter' | 'teamName'> & { id: string; username: string; team: string | null })[] =
      await this.db.query(
        `SELECT s.id, u.username, t.name AS team, s.team_id IS NOT NULL AS "isTeam", op.number AS "ownerNumber",
                tp.number AS "teamNumber", c.model->>'anonymousLeaderboard' = 'true' AS anonymous
           FROM submissions s JOIN users u ON u.id = s.owner_id JOIN competitions c ON c.id = s.competition_id
           LEFT JOIN teams t ON t.id = s.team_id
           LEFT JOIN entrant_pseudonyms op ON op.competition_id = s.competition_id AND op.entrant_id = s.owner_id
           LEFT JOIN entrant_pseudonyms tp ON tp.competition_id = s.competition_id AND tp.entrant_id = s.team_id
          WHERE s.id = ANY($1)`,
        [ids],
      );
    return new Map(
      rows.map(({ id, username, team, anonymous, ...numbers }) => [
        id,
        { submitter: username, teamName: team, anonymous: anonymous === true, ...numbers },
      ]),
    );
  }

  forPhase(phaseId: string, ownerId: string | null, limit: number, offset: number): Promise<SubmissionEntity[]> {
    return this.db.getRepository(SubmissionEntity).find({
      where: ownerId ? { phaseId, ownerId } : { phaseId },
      order: { createdAt: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** Marks ended submissions as notified and returns them, so each owner hears of each one once. */
  async claimEndedUnnotified(limit: number): Promise<EndedSubmission[]> {
    const result: unknown[] = await this.db.query(
      `UPDATE submissions SET notified_at = now()
       WHERE id IN (SELECT id FROM submissions WHERE notified_at IS NULL AND status IN ('finished', 'failed')
                    ORDER BY finished_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, owner_id, competition_id, phase_id, status, failure_message, scores`,
      [limit],
    );
    // UPDATE ... RETURNING comes back as [rows, count] from the pg driver.
    const rows = (Array.isArray(result[0]) ? result[0] : result) as EndedRow[];
    return rows.map((r) => ({
      id: r.id,
      ownerId: r.owner_id,
      competitionId: r.competition_id,
      phaseId: r.phase_id,
      status: r.status,
      failureMessage: r.failure_message,
      scores: r.scores,
    }));
  }
}
