import { AccessTokenEntity } from '@api/accounts/entities/access-token.entity';
import { UserEntity } from '@api/accounts/entities/user.entity';
import { CompetitionEntity } from '@api/competitions/entities/competition.entity';
import { LeaderboardEntity } from '@api/competitions/entities/leaderboard.entity';
import { PageEntity } from '@api/competitions/entities/page.entity';
import { PhaseEntity } from '@api/competitions/entities/phase.entity';
import { TaskEntity } from '@api/competitions/entities/task.entity';
import { DatasetEntity } from '@api/datasets/entities/dataset.entity';
import { QueueEntity } from '@api/queues/entities/queue.entity';
import { ParticipantEntity } from '@api/participants/entities/participant.entity';
import { RunEntity } from '@api/runs/entities/run.entity';
import { SubmissionEntity } from '@api/submissions/entities/submission.entity';

export const ENTITIES = [
  UserEntity,
  AccessTokenEntity,
  DatasetEntity,
  CompetitionEntity,
  PageEntity,
  TaskEntity,
  PhaseEntity,
  LeaderboardEntity,
  ParticipantEntity,
  SubmissionEntity,
  RunEntity,
  QueueEntity,
];
