import { Module } from '@nestjs/common';
import { UploadSweeper } from './upload-sweeper.service';
import { UploadsController } from './uploads.controller';
import { UploadsRepository } from './uploads.repository';
import { UploadsService } from './uploads.service';

/** Resumable uploads: large files go to storage in parts, then a submission or a bundle import uses them once. */
@Module({
  controllers: [UploadsController],
  providers: [UploadsRepository, UploadsService, UploadSweeper],
  exports: [UploadsService],
})
export class UploadsModule {}
