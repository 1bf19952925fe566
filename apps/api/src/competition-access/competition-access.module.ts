import { Module } from '@nestjs/common';
import { LeaderboardEntriesModule } from '@api/leaderboards/leaderboard-entries.module';
import { CompetitionAccessRepository } from './competition-access.repository';
import { CompetitionAccess } from './competition-access.service';
import { CompetitionScopeGuard } from './competition-scope.guard';

/** Who may read a competition (visibility, secret link, join rules): imports nothing that imports it back. */
@Module({
  imports: [LeaderboardEntriesModule],
  providers: [CompetitionAccessRepository, CompetitionAccess, CompetitionScopeGuard],
  exports: [CompetitionAccess, CompetitionScopeGuard],
})
export class CompetitionAccessModule {}
