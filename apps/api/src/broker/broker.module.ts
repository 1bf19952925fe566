import { Global, Module } from '@nestjs/common';
import { JobPublisher } from './job-publisher.service';
import { JobQueueTypeService } from './job-queue-type.service';

@Global()
@Module({ providers: [JobPublisher, JobQueueTypeService], exports: [JobPublisher, JobQueueTypeService] })
export class BrokerModule {}
