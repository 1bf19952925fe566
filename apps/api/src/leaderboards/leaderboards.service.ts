import { Injectable } from '@nestjs/common';
import {
  type CandidateSubmission,
  columnsFromIndexed,
  primaryKeyFromIndex,
  rankLeaderboard,
  selectEntries,
  type SubmissionRule,
} from '@arena/leaderboard';
import { AccountsService } from '@api/accounts/accounts.service';
import type { AuthUser } from '@api/common/auth.decorators';
import { CompetitionsService } from '@api/competitions/competitions.service';
import type { LeaderboardEntity } from '@api/competitions/entities/leaderboard.entity';
import type { SubmissionEntity } from '@api/submissions/entities/submission.entity';
import { SubmissionsRepository } from '@api/submissions/submissions.repository';
import type { LeaderboardDto, PhaseLeaderboardsDto } from './dto/leaderboard.dto';
import { toIndexedColumns } from './leaderboard-columns';

/**
 * Participants cannot yet pick which submissions they put on a board, so the `Add*` rules show each
 * participant's latest finished submission until that choice exists.
 */
const EFFECTIVE_RULE: Record<SubmissionRule, SubmissionRule> = {
  Add: 'Force_Last',
  Add_And_Delete: 'Force_Last',
  Add_And_Delete_Multiple: 'Force_Latest_Multiple',
  Force_Last: 'Force_Last',
  Force_Latest_Multiple: 'Force_Latest_Multiple',
  Force_Best: 'Force_Best',
};

@Injectable()
export class LeaderboardsService {
  constructor(
    private readonly competitions: CompetitionsService,
    private readonly submissions: SubmissionsRepository,
    private readonly accounts: AccountsService,
  ) {}

  async forPhase(phaseId: string, user?: AuthUser): Promise<PhaseLeaderboardsDto> {
    const phase = await this.competitions.getPhase(phaseId);
    const competition = await this.competitions.get(phase.competitionId);
    const organizer = this.competitions.isOrganizer(competition, user);
    const boards = (await this.competitions.leaderboardsOf(competition.id)).filter((b) => organizer || !b.hidden);
    const finished = await this.submissions.finishedForPhase(phaseId);
    const names = await this.accounts.usernames(finished.map((s) => s.ownerId));
    return {
      phaseId,
      competitionId: competition.id,
      leaderboards: boards.map((b) => this.rank(b, finished, names, organizer)),
    };
  }

  private rank(board: LeaderboardEntity, submissions: SubmissionEntity[], names: Map<string, string>, organizer: boolean): LeaderboardDto {
    const indexed = toIndexedColumns(board.columns);
    const columns = columnsFromIndexed(indexed);
    const primaryKey = primaryKeyFromIndex(indexed, board.primaryIndex);
    const candidates: CandidateSubmission[] = submissions.map((s) => ({
      id: s.id,
      participantId: s.ownerId,
      submittedAt: s.createdAt,
      scores: s.scores ?? {},
      finished: s.status === 'finished',
    }));
    const chosen = selectEntries(EFFECTIVE_RULE[board.submissionRule], candidates, { columns, primaryKey });
    const visible = board.columns.filter((c) => organizer || !c.hidden);
    const rows = rankLeaderboard(columns, chosen, { primaryKey });
    return {
      key: board.key,
      title: board.title,
      primaryKey,
      submissionRule: board.submissionRule,
      columns: visible.map((c) => ({ key: c.key, title: c.title, index: c.index, sorting: c.sorting, precision: c.precision })),
      rows: rows.map((r) => ({
        rank: r.rank,
        participant: names.get(r.participantId) ?? 'unknown',
        submissionId: r.id,
        submittedAt: r.submittedAt,
        scores: Object.fromEntries(visible.map((c) => [c.key, r.scores[c.key] ?? null])),
      })),
    };
  }
}
