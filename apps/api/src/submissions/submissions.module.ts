import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AccountsModule } from '@api/accounts/accounts.module';
import { ApiConfig } from '@api/config/api-config';
import { diskUpload } from '@api/common/upload';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { LeaderboardVisibilityModule } from '@api/leaderboards/leaderboard-visibility.module';
import { MailModule } from '@api/mail/mail.module';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { ParticipantsModule } from '@api/participants/participants.module';
import { QueuesModule } from '@api/queues/queues.module';
import { RunsModule } from '@api/runs/runs.module';
import { TeamsModule } from '@api/teams/teams.module';
import { SubmissionNotifier } from './submission-notifier.service';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionsService } from './submissions.service';

@Module({
  imports: [
    AccountsModule,
    CompetitionsModule,
    LeaderboardVisibilityModule,
    MailModule,
    OrganizersModule,
    ParticipantsModule,
    QueuesModule,
    RunsModule,
    TeamsModule,
    MulterModule.registerAsync({
      inject: [ApiConfig],
      useFactory: (c: ApiConfig) => diskUpload(c.uploadTmpDir, c.maxSubmissionBytes),
    }),
  ],
  controllers: [SubmissionsController],
  providers: [SubmissionsRepository, SubmissionsService, SubmissionNotifier],
  exports: [SubmissionsRepository],
})
export class SubmissionsModule {}
