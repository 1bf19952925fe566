import { Module } from '@nestjs/common';
import { LeaderboardChanges } from './leaderboard-changes';
import { LeaderboardEntriesRepository } from './leaderboard-entries.repository';
import { LeaderboardMaintainer } from './leaderboard-maintainer.service';

/**
 * The maintained boards for other modules (runs report finished submissions, the competition editor asks for a
 * rebuild). It imports no module, so importing it never makes a module cycle.
 */
@Module({
  providers: [LeaderboardEntriesRepository, LeaderboardMaintainer, LeaderboardChanges],
  exports: [LeaderboardEntriesRepository, LeaderboardMaintainer, LeaderboardChanges],
})
export class LeaderboardEntriesModule {}
