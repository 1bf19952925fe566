import type { LeaderboardModel, PhaseModel } from '@arena/bundle';
import type { EditedPhase } from './competitions.repository';
import type { LeaderboardEntity } from './entities/leaderboard.entity';

/** A phase of the normalized model as its row; an import and an edit map it the same way. */
export function phaseRow(
  p: PhaseModel,
  competitionId: string,
  taskIdOfIndex: Map<number, string>,
): Omit<EditedPhase, 'id'> {
  return {
    competitionId,
    index: p.index,
    name: p.name,
    description: p.description,
    startAt: new Date(p.start),
    endAt: p.end ? new Date(p.end) : null,
    executionTimeLimitSec: p.executionTimeLimitSec,
    maxSubmissionsPerDay: p.maxSubmissionsPerDay,
    maxSubmissions: p.maxSubmissions,
    requiresGpu: p.requiresGpu === true,
    taskIds: p.taskIndexes.map((i) => taskIdOfIndex.get(i)!),
  };
}

export function leaderboardRow(l: LeaderboardModel, competitionId: string): Omit<LeaderboardEntity, 'id'> {
  return {
    competitionId,
    key: l.key,
    title: l.title,
    index: l.index,
    hidden: l.hidden,
    primaryIndex: l.primaryIndex,
    submissionRule: l.submissionRule,
    columns: l.columns,
  };
}
