import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ApiConfig } from '@api/config/api-config';
import { diskUpload } from '@api/common/upload';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { ParticipantsModule } from '@api/participants/participants.module';
import { QueuesModule } from '@api/queues/queues.module';
import { RunsModule } from '@api/runs/runs.module';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionsService } from './submissions.service';

@Module({
  imports: [
    CompetitionsModule,
    ParticipantsModule,
    QueuesModule,
    RunsModule,
    MulterModule.registerAsync({
      inject: [ApiConfig],
      useFactory: (c: ApiConfig) => diskUpload(c.uploadTmpDir, c.maxSubmissionBytes),
    }),
  ],
  controllers: [SubmissionsController],
  providers: [SubmissionsRepository, SubmissionsService],
  exports: [SubmissionsRepository],
})
export class SubmissionsModule {}
