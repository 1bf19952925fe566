import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from './accounts/accounts.module';
import { CacheCoherenceModule } from './cache-coherence/cache-coherence.module';
import { BrokerModule } from './broker/broker.module';
import { AccessGuard } from './common/access.guard';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { ClockModule } from './clock/clock.module';
import { AdministrationModule } from './administration/administration.module';
import { CompanySignInModule } from './company-sign-in/company-sign-in.module';
import { CompetitionAccessModule } from './competition-access/competition-access.module';
import { CompetitionScopeGuard } from './competition-access/competition-scope.guard';
import { CompetitionsModule } from './competitions/competitions.module';
import { ApiConfig } from './config/api-config';
import { dbOptions } from './database/db-options';
import { HealthController } from './health/health.controller';
import { InsightModule } from './insight/insight.module';
import { PlatformStatusModule } from './platform-status/platform-status.module';
import { LeaderboardsModule } from './leaderboards/leaderboards.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizersModule } from './organizers/organizers.module';
import { ParticipantsModule } from './participants/participants.module';
import { PhaseFilesModule } from './phase-files/phase-files.module';
import { QueuesModule } from './queues/queues.module';
import { RunsModule } from './runs/runs.module';
import { StorageModule } from './storage/storage.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { TeamsModule } from './teams/teams.module';
import { UploadsModule } from './uploads/uploads.module';

@Module({})
class ConfigHolderModule {}

@Module({})
export class AppModule {
  /** The configuration is loaded and checked before the module is built, so nothing reads process.env later. */
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        {
          module: ConfigHolderModule,
          global: true,
          providers: [{ provide: ApiConfig, useValue: config }],
          exports: [ApiConfig],
        },
        TypeOrmModule.forRoot(dbOptions(config.databaseUrl)),
        StorageModule,
        BrokerModule,
        ClockModule,
        MetricsModule,
        AccountsModule,
        CompanySignInModule,
        AdministrationModule,
        OrganizersModule,
        CompetitionAccessModule,
        CompetitionsModule,
        ParticipantsModule,
        PhaseFilesModule,
        RunsModule,
        SubmissionsModule,
        TeamsModule,
        LeaderboardsModule,
        QueuesModule,
        UploadsModule,
        CacheCoherenceModule,
        InsightModule,
        PlatformStatusModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        // After the AccessGuard, which identifies the caller: the competition a route is under must be readable.
        { provide: APP_GUARD, useExisting: CompetitionScopeGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
