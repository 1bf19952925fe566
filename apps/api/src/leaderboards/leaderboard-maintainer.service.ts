import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { PeriodicSweep } from '@api/common/periodic-sweep';
import {
  addPick,
  type CandidateSubmission,
  LeaderboardError,
  participantChooses,
  type EntryPick,
  type PickOutcome,
  removePick,
  type SubmissionRule,
} from '@arena/leaderboard';
import { DomainError } from '@api/common/domain.error';
import type { LeaderboardEntity } from '@api/competitions/entities/leaderboard.entity';
import type { SubmissionEntity } from '@api/submissions/entities/submission.entity';
import type { EntityManager } from 'typeorm';
import {
  arrivalCandidates,
  boardRanking,
  type BoardRanking,
  type EntryRow,
  rankCandidates,
  ranksEntrantHistory,
  sameRow,
} from './board-ranking';
import { entrantOf } from './entrant';
import { LeaderboardChanges } from './leaderboard-changes';
import { LeaderboardEntriesRepository, type ScoredSubmission } from './leaderboard-entries.repository';

export interface RebuildSummary {
  boards: number;
  phases: number;
  entries: number;
}

export interface PickChange {
  key: string;
  onLeaderboard: boolean;
}

/** Arrivals of one phase taken in together at most: one ranking and one write of each board for all of them. */
const BATCH = 1000;
/** Phases looked at per pass. */
const PHASES_PER_PASS = 100;
/** How often each process looks for arrivals that are due (retries, or those another process left behind). */
const SWEEP_INTERVAL_MS = 1000;

/**
 * Keeps `leaderboard_entries` up to date: finished submissions reach each board of their phase (only that board's
 * current rows and the new submissions are ranked again, never all the phase's submissions), a participant's pick
 * changes the board under an `Add*` rule, and a rebuild recomputes everything after the organizer changed columns
 * or rules. Depends only on the database, so the runs module can call it without importing the leaderboards module.
 *
 * A finished result is an arrival (`leaderboard_arrivals`, written with the result, see RunsRepository.finish): the
 * obligation survives a crash. This process takes arrivals in when a result is stored here (`kick`), at boot, and
 * every second (retries, and what a process that died left). Each pass takes, per phase, every arrival waiting and
 * ranks each board once for all of them, in one transaction that holds the boards' locks and deletes the arrivals:
 * the boards take them in exactly once, whichever process does it. A failed batch is retried one arrival at a time,
 * each with its own back-off, so one that keeps failing holds up no other; nothing is dropped.
 */
@Injectable()
export class LeaderboardMaintainer extends PeriodicSweep<void> {
  protected readonly logger = new Logger(LeaderboardMaintainer.name);
  protected readonly sweepName = 'leaderboard arrivals';
  /** Arrivals may be waiting that the running pass might not have seen. */
  private dirty = false;
  private stopped = false;
  /**
   * The rows this process last wrote or read of each board, with the board's version then: taking results in again,
   * it reads only the version when no one changed the board since (the rows are the board's largest read). Set after
   * the commit, never from a transaction that might roll back.
   */
  private readonly known = new LRUCache<string, { version: string; rows: EntryRow[] }>({ max: 32 });

  constructor(
    private readonly repo: LeaderboardEntriesRepository,
    private readonly changes: LeaderboardChanges,
  ) {
    super();
  }

  protected intervalMs(): number {
    return SWEEP_INTERVAL_MS;
  }

  /** At boot, whatever was left waiting (a crash, an error) is taken in at once. */
  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.kick();
  }

  override async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await super.onModuleDestroy();
  }

  /**
   * A result was stored: its boards take it in soon, without the caller waiting. Kicks during a pass make another
   * pass after it, so an arrival is never left for the periodic sweep.
   */
  kick(): void {
    if (this.stopped) {
      return;
    }
    // Readers here see the new pending count at once (other processes when the database announces it).
    this.changes.resultsArrived();
    this.dirty = true;
    this.pass();
  }

  private pass(): void {
    this.sweep().then(
      () => {
        if (this.dirty && !this.stopped) {
          this.pass();
        }
      },
      (e: unknown) => this.logger.warn(`${this.sweepName} failed: ${(e as Error).message}`),
    );
  }

  protected async run(): Promise<void> {
    do {
      this.dirty = false;
      await this.takeInDue();
    } while (this.dirty && !this.stopped);
  }

  /** Passes over the phases with arrivals due until none is left or nothing more could be taken in. */
  private async takeInDue(): Promise<void> {
    for (;;) {
      if (this.stopped) {
        return;
      }
      let progressed = false;
      for (const due of await this.repo.duePhases(PHASES_PER_PASS)) {
        if (await this.takeInPhase(due.phaseId, due.competitionId)) {
          progressed = true;
        }
      }
      if (!progressed) {
        return;
      }
    }
  }

  /** Retried arrivals one at a time, then the others in one batch. True when any arrival was taken in. */
  private async takeInPhase(phaseId: string, competitionId: string): Promise<boolean> {
    const boards = (await this.repo.boards(competitionId)).filter((b) => !participantChooses(b.submissionRule));
    let progressed = await this.retryOneByOne(phaseId, boards);
    const batch = await this.takeIn(phaseId, boards, { retried: false, limit: BATCH });
    // A failed batch's arrivals are due again at once, one at a time.
    if (!batch.ok && batch.claimed > 1) {
      progressed = (await this.retryOneByOne(phaseId, boards)) || progressed;
    }
    return progressed || batch.ok;
  }

  private async retryOneByOne(phaseId: string, boards: LeaderboardEntity[]): Promise<boolean> {
    let progressed = false;
    for (;;) {
      const one = await this.takeIn(phaseId, boards, { retried: true, limit: 1 });
      if (one.claimed === 0) {
        return progressed;
      }
      progressed ||= one.ok;
    }
  }

  /**
   * One transaction: claims arrivals, ranks each board once with all of them, writes what changed, deletes them.
   * On failure the claimed arrivals are counted and kept: a batch's are due again at once (then one at a time), a
   * single one's after its back-off.
   */
  private async takeIn(
    phaseId: string,
    boards: LeaderboardEntity[],
    claim: { retried: boolean; limit: number },
  ): Promise<{ claimed: number; ok: boolean }> {
    let claimed: string[] = [];
    const steps = new Steps();
    const afterCommit: (() => void)[] = [];
    try {
      const ids = await this.repo.withClaimedArrivals(
        phaseId,
        boards.map((b) => b.id),
        claim,
        (ids) => (claimed = ids),
        async (m, ids) => {
          if (ids.length === 0) {
            return ids;
          }
          steps.lap('claim');
          const arrived = await this.repo.arrivedSubmissions(m, ids);
          for (const board of boards) {
            await this.addFinished(m, board, phaseId, arrived, { steps, afterCommit });
          }
          await this.repo.deleteArrivals(m, ids);
          return ids;
        },
      );
      if (ids.length > 0) {
        for (const done of afterCommit) {
          done();
        }
        this.changes.changed();
        steps.lap('commit');
        this.logger.debug(`phase ${phaseId}: ${ids.length} result(s) taken in by ${boards.length} board(s) (${steps})`);
      }
      return { claimed: ids.length, ok: ids.length > 0 };
    } catch (e) {
      if (claimed.length === 0) {
        throw e;
      }
      const why = (e as Error).message;
      this.logger.error(
        `leaderboards of phase ${phaseId} did not take in ${claimed.length} result(s); retrying: ${why}`,
      );
      await this.repo.failArrivals(claimed, why, claimed.length > 1);
      return { claimed: claimed.length, ok: false };
    }
  }

  /** Recomputes every board of every phase of the competition from its finished submissions and picks. */
  async rebuild(competitionId: string): Promise<RebuildSummary> {
    try {
      return await this.rebuildAll(competitionId);
    } finally {
      // Also after a refusal: the organizer changed settings and expects them read again.
      this.changes.changed();
    }
  }

  private async rebuildAll(competitionId: string): Promise<RebuildSummary> {
    const boards = await this.repo.boards(competitionId);
    const phaseIds = await this.repo.phaseIds(competitionId);
    let entries = 0;
    for (const board of boards) {
      const ranking = rankingOf(board, true);
      for (const phaseId of phaseIds) {
        entries += await this.repo.withBoardLock(board.id, phaseId, async (m) => {
          const source = participantChooses(ranking.rule)
            ? await this.repo.picked(m, board.id, phaseId)
            : await this.repo.finished(m, phaseId);
          const rows = rankCandidates(
            ranking,
            source.map((s) => candidate(s, true)),
          );
          await this.repo.clear(m, board.id, phaseId);
          await this.repo.write(m, board.id, phaseId, { upserts: rows }, [], rows.length);
          return rows.length;
        });
      }
    }
    return { boards: boards.length, phases: phaseIds.length, entries };
  }

  /** Puts the caller's finished submission on every board of its phase where the rule lets participants choose. */
  pick(submission: SubmissionEntity, key?: string): Promise<PickChange[]> {
    return this.changePick(submission, key, (rule, picks, entrant) =>
      addPick(rule, picks, { submissionId: submission.id, participantId: entrant }),
    );
  }

  /** Takes the submission off the boards of its phase whose rule allows removing entries. */
  unpick(submission: SubmissionEntity, key?: string): Promise<PickChange[]> {
    return this.changePick(submission, key, (rule, picks) => removePick(rule, picks, submission.id));
  }

  private async changePick(
    submission: SubmissionEntity,
    key: string | undefined,
    apply: (rule: SubmissionRule, picks: EntryPick[], entrant: string) => PickOutcome,
  ): Promise<PickChange[]> {
    if (submission.status !== 'finished') {
      const why = `submission ${submission.id} is ${submission.status}; only a finished submission can be on a leaderboard`;
      throw new DomainError('conflict', why);
    }
    // A hidden board is the organizers' view: participants neither see it nor choose entries on it.
    const all = (await this.repo.boards(submission.competitionId)).filter((b) => !b.hidden);
    const boards = key === undefined ? all : all.filter((b) => b.key === key);
    if (boards.length === 0) {
      throw new DomainError('not_found', `leaderboard ${key} not found`);
    }
    const entrant = entrantOf(submission);
    // Decide on every board before changing any, so that a refusal leaves all of them as they were. Without a key,
    // boards whose rule refuses are skipped, unless every board refuses.
    const decided = boards.map((board) => ({ board, outcome: apply(board.submissionRule, [], entrant) }));
    const refused = decided.filter((d) => !d.outcome.ok);
    const eligible = decided.filter((d) => d.outcome.ok).map((d) => d.board);
    if (eligible.length === 0 || (key !== undefined && refused.length > 0)) {
      const why = refused.map((d) => `leaderboard "${d.board.key}": ${d.outcome.ok ? '' : d.outcome.message}`);
      throw new DomainError('conflict', why.join('; '));
    }
    const results: PickChange[] = [];
    for (const board of eligible) {
      const ranking = rankingOf(board);
      await this.repo.withBoardLock(board.id, submission.phaseId, async (m) => {
        const picks = await this.repo.picks(m, board.id, submission.phaseId, entrant);
        const outcome = apply(board.submissionRule, picks, entrant);
        if (!outcome.ok) {
          throw new DomainError('conflict', outcome.message);
        }
        await this.repo.changePicks(m, board.id, submission.phaseId, outcome.added, outcome.removed);
        const source = await this.repo.picked(m, board.id, submission.phaseId);
        const rows = rankCandidates(
          ranking,
          source.map((s) => candidate(s, true)),
        );
        await this.replace(m, board.id, submission.phaseId, rows);
        results.push({ key: board.key, onLeaderboard: outcome.picks.some((p) => p.submissionId === submission.id) });
      });
      this.changes.changed();
    }
    return results;
  }

  /**
   * The board's current rows plus the new submissions (under Force_Best, their entrants' finished submissions),
   * through the board's rule: the rule decides what stays, as a rebuild would. A board whose settings cannot be
   * ranked takes nothing in: the organizer's change of its settings rebuilds it from every finished submission.
   */
  private async addFinished(
    m: EntityManager,
    board: LeaderboardEntity,
    phaseId: string,
    submissions: ScoredSubmission[],
    { steps, afterCommit }: { steps: Steps; afterCommit: (() => void)[] },
  ): Promise<void> {
    let ranking: BoardRanking;
    try {
      ranking = rankingOf(board);
    } catch (e) {
      this.logger.warn(`leaderboard ${board.id} cannot be ranked (${(e as Error).message}); it waits for a rebuild`);
      return;
    }
    const key = `${board.id}:${phaseId}`;
    const version = await this.repo.version(m, board.id, phaseId);
    const known = this.known.get(key);
    const current = known?.version === version ? known.rows : await this.repo.entries(m, board.id, phaseId);
    const arrived = submissions.map((s) => candidate(s, false));
    const entrants = [...new Set(arrived.map((a) => a.participantId))];
    const history =
      ranksEntrantHistory(ranking) && entrants.length > 0
        ? (await this.repo.finishedOf(m, phaseId, entrants)).map((s) => candidate(s, true))
        : [];
    steps.lap('read');
    const next = rankCandidates(ranking, arrivalCandidates(ranking, current, arrived, history));
    steps.lap('rank');
    const written = await this.diffWrite(m, board.id, phaseId, current, next);
    if (written === null) {
      await this.repo.touch(m, board.id, phaseId);
    }
    afterCommit.push(() =>
      this.known.set(key, written === null ? { version, rows: current } : { version: written, rows: next }),
    );
    steps.lap('write');
  }

  private async replace(m: EntityManager, boardId: string, phaseId: string, rows: EntryRow[]): Promise<void> {
    await this.diffWrite(m, boardId, phaseId, await this.repo.entries(m, boardId, phaseId), rows);
  }

  private async diffWrite(
    m: EntityManager,
    boardId: string,
    phaseId: string,
    current: EntryRow[],
    next: EntryRow[],
  ): Promise<string | null> {
    const before = new Map(current.map((r) => [r.submissionId, r]));
    const kept = new Set(next.map((r) => r.submissionId));
    // Rows the board holds are updated, and only when ranking moved them; the others are new to it.
    const upserts: EntryRow[] = [];
    const updates: EntryRow[] = [];
    for (const r of next) {
      const old = before.get(r.submissionId);
      if (!old) {
        upserts.push(r);
      } else if (!sameRow(old, r)) {
        (old.entrantId === r.entrantId && old.submittedAt === r.submittedAt ? updates : upserts).push(r);
      }
    }
    const removed = current.filter((r) => !kept.has(r.submissionId)).map((r) => r.submissionId);
    if (upserts.length === 0 && updates.length === 0 && removed.length === 0) {
      return null;
    }
    return this.repo.write(m, boardId, phaseId, { upserts, updates }, removed, next.length);
  }
}

/** Time spent in each step of taking results in, for the debug log. */
class Steps {
  private at = performance.now();
  private readonly ms = new Map<string, number>();

  lap(step: string): void {
    const now = performance.now();
    this.ms.set(step, (this.ms.get(step) ?? 0) + now - this.at);
    this.at = now;
  }

  toString(): string {
    return [...this.ms].map(([step, ms]) => `${step} ${ms.toFixed(0)} ms`).join(', ');
  }
}

/** With `refuse`, settings the ranking library rejects become a 409 naming the board (the organizer's rebuild). */
function rankingOf(board: LeaderboardEntity, refuse = false): BoardRanking {
  try {
    return boardRanking(board);
  } catch (e) {
    if (refuse && e instanceof LeaderboardError) {
      throw new DomainError('conflict', `leaderboard "${board.key}": ${e.message}`);
    }
    throw e;
  }
}

function candidate(s: ScoredSubmission | SubmissionEntity, selected: boolean): CandidateSubmission {
  return {
    id: s.id,
    participantId: entrantOf(s),
    submittedAt: s.createdAt,
    scores: s.scores ?? {},
    finished: true,
    selected,
  };
}
