import { Module } from '@nestjs/common';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { MailModule } from '@api/mail/mail.module';
import { RunsModule } from '@api/runs/runs.module';
import { QueuesController } from './queues.controller';
import { QueuesRepository } from './queues.repository';
import { QueuesService } from './queues.service';
import { RabbitManagementClient } from './rabbit-management.client';

@Module({
  imports: [CompetitionsModule, MailModule, RunsModule],
  controllers: [QueuesController],
  providers: [QueuesRepository, QueuesService, RabbitManagementClient],
  exports: [QueuesService],
})
export class QueuesModule {}
