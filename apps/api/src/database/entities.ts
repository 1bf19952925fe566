import { AccessTokenEntity } from '@api/accounts/entities/access-token.entity';
import { AccountTokenEntity } from '@api/accounts/entities/account-token.entity';
import { UserEntity } from '@api/accounts/entities/user.entity';
import { CompetitionEntity } from '@api/competitions/entities/competition.entity';
import { LeaderboardEntity } from '@api/competitions/entities/leaderboard.entity';
import { PageEntity } from '@api/competitions/entities/page.entity';
import { PhaseEntity } from '@api/competitions/entities/phase.entity';
import { TaskEntity } from '@api/competitions/entities/task.entity';
import { DatasetEntity } from '@api/datasets/entities/dataset.entity';
import { OutboxMailEntity } from '@api/mail/entities/outbox-mail.entity';
import { CollaboratorEntity } from '@api/organizers/entities/collaborator.entity';
import { QueueEntity } from '@api/queues/entities/queue.entity';
import { ParticipantEntity } from '@api/participants/entities/participant.entity';
import { RunEntity } from '@api/runs/entities/run.entity';
import { SubmissionEntity } from '@api/submissions/entities/submission.entity';
import { TeamMemberEntity } from '@api/teams/entities/team-member.entity';
import { TeamEntity } from '@api/teams/entities/team.entity';
import { UploadPartEntity } from '@api/uploads/entities/upload-part.entity';
import { UploadEntity } from '@api/uploads/entities/upload.entity';

export const ENTITIES = [
  UserEntity,
  AccessTokenEntity,
  AccountTokenEntity,
  DatasetEntity,
  CompetitionEntity,
  PageEntity,
  TaskEntity,
  PhaseEntity,
  LeaderboardEntity,
  ParticipantEntity,
  SubmissionEntity,
  RunEntity,
  CollaboratorEntity,
  TeamEntity,
  TeamMemberEntity,
  OutboxMailEntity,
  QueueEntity,
  UploadEntity,
  UploadPartEntity,
];
