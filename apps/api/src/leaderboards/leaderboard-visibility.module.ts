import { Module } from '@nestjs/common';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { LeaderboardEntriesModule } from './leaderboard-entries.module';
import { SubmissionResultsFilter } from './submission-results.filter';

/** Hidden results for the submissions module: scores removed from its responses until the organizer reveals them. */
@Module({
  imports: [CompetitionsModule, LeaderboardEntriesModule],
  providers: [SubmissionResultsFilter],
  exports: [SubmissionResultsFilter],
})
export class LeaderboardVisibilityModule {}
