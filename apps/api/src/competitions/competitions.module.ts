import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeaderboardEntriesModule } from '@api/leaderboards/leaderboard-entries.module';
import { DatasetsModule } from '@api/datasets/datasets.module';
import { DatasetEntity } from '@api/datasets/entities/dataset.entity';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { UploadsModule } from '@api/uploads/uploads.module';
import { CompetitionAccessModule } from '@api/competition-access/competition-access.module';
import { BundleExportService } from './bundle-export.service';
import { CompetitionDeletionController, CompetitionLifecycleController } from './competition-lifecycle.controller';
import { CompetitionLifecycleService } from './competition-lifecycle.service';
import { CompetitionDeletionRepository } from './competition-deletion.repository';
import { BundleImportService } from './bundle-import.service';
import { CompetitionBundleController } from './competition-bundle.controller';
import { CompetitionEditService } from './competition-edit.service';
import { CompetitionCatalogueController } from './competition-catalogue.controller';
import { CompetitionCatalogueRepository } from './competition-catalogue.repository';
import { CompetitionCatalogueService } from './competition-catalogue.service';
import { CompetitionsController } from './competitions.controller';
import { CompetitionsRepository } from './competitions.repository';
import { CompetitionsService } from './competitions.service';
import { PartRefsService } from './part-refs.service';
import { CompetitionEntity } from './entities/competition.entity';
import { LeaderboardEntity } from './entities/leaderboard.entity';
import { PageEntity } from './entities/page.entity';
import { PhaseEntity } from './entities/phase.entity';
import { TaskEntity } from './entities/task.entity';

@Module({
  imports: [
    OrganizersModule,
    CompetitionAccessModule,
    LeaderboardEntriesModule,
    DatasetsModule,
    UploadsModule,
    TypeOrmModule.forFeature([
      CompetitionEntity,
      PageEntity,
      TaskEntity,
      PhaseEntity,
      LeaderboardEntity,
      DatasetEntity,
    ]),
  ],
  controllers: [
    CompetitionCatalogueController,
    CompetitionsController,
    CompetitionBundleController,
    CompetitionLifecycleController,
    CompetitionDeletionController,
  ],
  providers: [
    CompetitionsRepository,
    CompetitionsService,
    BundleImportService,
    BundleExportService,
    CompetitionEditService,
    PartRefsService,
    CompetitionLifecycleService,
    CompetitionDeletionRepository,
    CompetitionCatalogueRepository,
    CompetitionCatalogueService,
  ],
  exports: [CompetitionsService, CompetitionEditService],
})
export class CompetitionsModule {}
