import { Module } from '@nestjs/common';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { RabbitManagementClient } from '@api/queues/rabbit-management.client';
import { PlatformStatusController } from './platform-status.controller';
import { PlatformStatusRepository } from './platform-status.repository';
import { PlatformStatusService } from './platform-status.service';

@Module({
  imports: [OrganizersModule],
  controllers: [PlatformStatusController],
  providers: [PlatformStatusRepository, PlatformStatusService, RabbitManagementClient],
})
export class PlatformStatusModule {}
