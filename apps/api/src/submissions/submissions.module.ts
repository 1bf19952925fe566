import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { LeaderboardVisibilityModule } from '@api/leaderboards/leaderboard-visibility.module';
import { MailModule } from '@api/mail/mail.module';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { ParticipantsModule } from '@api/participants/participants.module';
import { QueuesModule } from '@api/queues/queues.module';
import { RunsModule } from '@api/runs/runs.module';
import { TeamsModule } from '@api/teams/teams.module';
import { UploadsModule } from '@api/uploads/uploads.module';
import { AutoMigrationRepository } from './auto-migration.repository';
import { AutoMigrationService } from './auto-migration.service';
import { StorageController } from './storage.controller';
import { StorageQuotaRepository } from './storage-quota.repository';
import { StorageQuotaService } from './storage-quota.service';
import { SubmissionNotifier } from './submission-notifier.service';
import { SubmissionToolsController } from './submission-tools.controller';
import { SubmissionToolsRepository } from './submission-tools.repository';
import { SubmissionToolsService } from './submission-tools.service';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionsService } from './submissions.service';
import { LeaderboardEntriesModule } from '@api/leaderboards/leaderboard-entries.module';
import { PhaseTasksController } from './phase-tasks.controller';
import { PhaseTasksService } from './phase-tasks.service';

@Module({
  imports: [
    AccountsModule,
    CompetitionsModule,
    LeaderboardEntriesModule,
    LeaderboardVisibilityModule,
    MailModule,
    OrganizersModule,
    ParticipantsModule,
    QueuesModule,
    RunsModule,
    TeamsModule,
    UploadsModule,
  ],
  controllers: [SubmissionsController, SubmissionToolsController, StorageController, PhaseTasksController],
  providers: [
    SubmissionsRepository,
    SubmissionsService,
    SubmissionNotifier,
    SubmissionToolsRepository,
    SubmissionToolsService,
    StorageQuotaRepository,
    StorageQuotaService,
    AutoMigrationRepository,
    AutoMigrationService,
    PhaseTasksService,
  ],
  exports: [SubmissionsRepository],
})
export class SubmissionsModule {}
