import { Module } from '@nestjs/common';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { LeaderboardAdminController } from './leaderboard-admin.controller';
import { LeaderboardEntriesModule } from './leaderboard-entries.module';
import { LeaderboardVisibilityModule } from './leaderboard-visibility.module';
import { LeaderboardPicksController } from './leaderboard-picks.controller';
import { LeaderboardReadRepository } from './leaderboard-read.repository';
import { LeaderboardsController } from './leaderboards.controller';
import { LeaderboardsService } from './leaderboards.service';

@Module({
  imports: [CompetitionsModule, LeaderboardEntriesModule, LeaderboardVisibilityModule],
  controllers: [LeaderboardsController, LeaderboardAdminController, LeaderboardPicksController],
  providers: [LeaderboardReadRepository, LeaderboardsService],
  exports: [LeaderboardsService],
})
export class LeaderboardsModule {}
