import { Module } from '@nestjs/common';
import { CacheCoherenceModule } from '@api/cache-coherence/cache-coherence.module';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { LeaderboardEntriesModule } from '@api/leaderboards/leaderboard-entries.module';
import { LeaderboardVisibilityModule } from '@api/leaderboards/leaderboard-visibility.module';
import { HeldRunsController } from './held-runs.controller';
import { HeldRunsService } from './held-runs.service';
import { LiveLogHub } from './live-log-hub';
import { LiveLogsRepository } from './live-logs.repository';
import { LostJobsRepository } from './lost-jobs.repository';
import { RunControlController } from './run-control.controller';
import { RunControlService } from './run-control.service';
import { RunDispatcher } from './run-dispatcher.service';
import { RunLeaseReaper } from './run-lease-reaper.service';
import { RunTokensService } from './run-tokens.service';
import { RunsRepository } from './runs.repository';
import { WorkerRunsController } from './worker-runs.controller';
import { WorkerRunsService } from './worker-runs.service';

@Module({
  imports: [CacheCoherenceModule, CompetitionsModule, LeaderboardEntriesModule, LeaderboardVisibilityModule],
  controllers: [WorkerRunsController, RunControlController, HeldRunsController],
  providers: [
    HeldRunsService,
    LiveLogHub,
    LiveLogsRepository,
    LostJobsRepository,
    RunsRepository,
    RunTokensService,
    RunDispatcher,
    RunLeaseReaper,
    RunControlService,
    WorkerRunsService,
  ],
  exports: [RunsRepository, RunTokensService, RunDispatcher],
})
export class RunsModule {}
