import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { LeaderboardEntriesModule } from '@api/leaderboards/leaderboard-entries.module';
import { CacheCoherence } from './cache-coherence.service';
import { ChangeSignals } from './change-signals';

@Module({
  imports: [AccountsModule, LeaderboardEntriesModule],
  providers: [CacheCoherence, ChangeSignals],
  exports: [ChangeSignals],
})
export class CacheCoherenceModule {}
