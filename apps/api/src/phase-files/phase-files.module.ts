import { Module } from '@nestjs/common';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { ParticipantsModule } from '@api/participants/participants.module';
import { PhaseFilesController } from './phase-files.controller';
import { PhaseFilesRepository } from './phase-files.repository';
import { PhaseFilesService } from './phase-files.service';

/** The files each phase offers to participants: listing, ranged downloads, presigned S3 URLs, download counts. */
@Module({
  imports: [CompetitionsModule, ParticipantsModule],
  controllers: [PhaseFilesController],
  providers: [PhaseFilesRepository, PhaseFilesService],
})
export class PhaseFilesModule {}
