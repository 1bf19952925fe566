import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import { ApiConfig } from '@api/config/api-config';
import { LeaderboardChanges } from '@api/leaderboards/leaderboard-changes';
import { ChangeFeed, type ChangeTopic } from './change-feed';
import { ChangeSignals } from './change-signals';

/**
 * Keeps this process's caches coherent with changes committed by any API process, or by hand in SQL: a revoked
 * token, a promoted admin, a board that moved, a team or organizer role granted. The database announces them
 * (triggers of migration ChangeNotifications); without this, other processes would see them only after their
 * caches' 1 s time-to-live. The same connection hears of live log chunks and ended submissions (ChangeSignals).
 */
@Injectable()
export class CacheCoherence implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CacheCoherence.name);
  private readonly feed: ChangeFeed;

  constructor(
    config: ApiConfig,
    private readonly accounts: AccountsService,
    private readonly leaderboards: LeaderboardChanges,
    signals: ChangeSignals,
  ) {
    this.feed = new ChangeFeed({
      connectionString: config.databaseUrl,
      onChange: (topic) => this.changed(topic),
      onSignal: (signal) => signals.emit(signal),
      onListening: () => this.hear(true),
      onLost: (error) => {
        this.hear(false);
        const why = String(error ?? 'connection ended');
        this.logger.warn(`change notifications lost (${why}); retrying, caches expire within CACHE_TTL_MS meanwhile`);
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.feed.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.feed.stop();
  }

  /** While changes are heard, caches keep what they read until a change drops it; else for CACHE_TTL_MS at most. */
  private hear(heard: boolean): void {
    this.leaderboards.heard = heard;
    this.accounts.hearChanges(heard);
  }

  private changed(topic: ChangeTopic): void {
    if (topic === 'identities') {
      this.accounts.forgetCachedIdentities();
    } else if (topic === 'arrivals') {
      this.leaderboards.resultsArrived();
    } else {
      this.leaderboards.changed();
    }
  }
}
