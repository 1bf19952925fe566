import { Global, Module } from '@nestjs/common';
import { JobPublisher } from './job-publisher.service';

@Global()
@Module({ providers: [JobPublisher], exports: [JobPublisher] })
export class BrokerModule {}
