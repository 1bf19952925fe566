import { Module } from '@nestjs/common';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { RunDispatcher } from './run-dispatcher.service';
import { RunLeaseReaper } from './run-lease-reaper.service';
import { RunTokensService } from './run-tokens.service';
import { RunsRepository } from './runs.repository';
import { WorkerRunsController } from './worker-runs.controller';
import { WorkerRunsService } from './worker-runs.service';

@Module({
  imports: [CompetitionsModule],
  controllers: [WorkerRunsController],
  providers: [RunsRepository, RunTokensService, RunDispatcher, RunLeaseReaper, WorkerRunsService],
  exports: [RunsRepository, RunTokensService, RunDispatcher],
})
export class RunsModule {}
