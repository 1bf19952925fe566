import { Injectable, Logger } from '@nestjs/common';
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

/**
 * Keeps `leaderboard_entries` up to date: a finished submission updates each board of its phase (only that board's
 * current rows and the new submission are ranked again, never all the phase's submissions), a participant's pick
 * changes the board under an `Add*` rule, and a rebuild recomputes everything after the organizer changed columns
 * or rules. Depends only on the database, so the runs module can call it without importing the leaderboards module.
 */
@Injectable()
export class LeaderboardMaintainer {
  private readonly logger = new Logger(LeaderboardMaintainer.name);

  constructor(
    private readonly repo: LeaderboardEntriesRepository,
    private readonly changes: LeaderboardChanges,
  ) {}

  /**
   * Called once a run's result is stored. Never throws: the result is already stored and acknowledged, and a
   * failed board update is repaired by a rebuild, so the worker must not see an error for it.
   */
  async onSubmissionEnded(submissionId: string): Promise<void> {
    try {
      const submission = await this.repo.findSubmission(submissionId);
      if (!submission || submission.status !== 'finished') return;
      for (const board of await this.repo.boards(submission.competitionId)) {
        await this.addFinished(board, submission);
      }
    } catch (e) {
      const why = `leaderboard update for submission ${submissionId} failed; rebuild the competition's boards`;
      this.logger.error(why, e);
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
          const rows = rankCandidates(ranking, source.map((s) => candidate(s, true)));
          await this.repo.clear(m, board.id, phaseId);
          await this.repo.write(m, board.id, phaseId, rows, [], rows.length);
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
    if (boards.length === 0) throw new DomainError('not_found', `leaderboard ${key} not found`);
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
        if (!outcome.ok) throw new DomainError('conflict', outcome.message);
        await this.repo.changePicks(m, board.id, submission.phaseId, outcome.added, outcome.removed);
        const source = await this.repo.picked(m, board.id, submission.phaseId);
        const rows = rankCandidates(ranking, source.map((s) => candidate(s, true)));
        await this.replace(m, board.id, submission.phaseId, rows);
        results.push({ key: board.key, onLeaderboard: outcome.picks.some((p) => p.submissionId === submission.id) });
      });
      this.changes.changed();
    }
    return results;
  }

  /**
   * The board's current rows plus the new submission (under Force_Best, its entrant's finished submissions), through
   * the board's rule: the rule decides what stays, as a rebuild would.
   */
  private async addFinished(board: LeaderboardEntity, submission: SubmissionEntity): Promise<void> {
    const ranking = rankingOf(board);
    // Under an Add* rule a submission reaches the board only when its participant picks it.
    if (participantChooses(ranking.rule)) return;
    await this.repo.withBoardLock(board.id, submission.phaseId, async (m) => {
      const current = await this.repo.entries(m, board.id, submission.phaseId);
      if (current.some((r) => r.submissionId === submission.id)) return;
      const arrived = candidate(submission, false);
      const history = ranksEntrantHistory(ranking)
        ? (await this.repo.finishedOf(m, submission.phaseId, arrived.participantId)).map((s) => candidate(s, true))
        : [];
      const candidates = arrivalCandidates(ranking, current, arrived, history);
      await this.diffWrite(m, board.id, submission.phaseId, current, rankCandidates(ranking, candidates));
    });
    this.changes.changed();
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
  ): Promise<void> {
    const before = new Map(current.map((r) => [r.submissionId, r]));
    const kept = new Set(next.map((r) => r.submissionId));
    const upserts = next.filter((r) => {
      const old = before.get(r.submissionId);
      return !old || !sameRow(old, r);
    });
    const removed = current.filter((r) => !kept.has(r.submissionId)).map((r) => r.submissionId);
    if (upserts.length === 0 && removed.length === 0) return;
    await this.repo.write(m, boardId, phaseId, upserts, removed, next.length);
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
