import { Module } from '@nestjs/common';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { QueuesController } from './queues.controller';
import { QueuesRepository } from './queues.repository';
import { QueuesService } from './queues.service';
import { RabbitManagementClient } from './rabbit-management.client';

@Module({
  imports: [CompetitionsModule],
  controllers: [QueuesController],
  providers: [QueuesRepository, QueuesService, RabbitManagementClient],
  exports: [QueuesService],
})
export class QueuesModule {}
