import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { SubmissionsModule } from '@api/submissions/submissions.module';
import { LeaderboardsController } from './leaderboards.controller';
import { LeaderboardsService } from './leaderboards.service';

@Module({
  imports: [AccountsModule, CompetitionsModule, SubmissionsModule],
  controllers: [LeaderboardsController],
  providers: [LeaderboardsService],
})
export class LeaderboardsModule {}
