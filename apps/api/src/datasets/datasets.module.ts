import { Module } from '@nestjs/common';
import { DatasetsController } from './datasets.controller';
import { DatasetsRepository } from './datasets.repository';

/** Stored programs and data, shared between tasks and competitions (imported by the competitions module). */
@Module({
  controllers: [DatasetsController],
  providers: [DatasetsRepository],
})
export class DatasetsModule {}
