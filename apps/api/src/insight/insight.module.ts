import { Module } from '@nestjs/common';
import { LeaderboardsModule } from '@api/leaderboards/leaderboards.module';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { InsightController } from './insight.controller';
import { InsightRepository } from './insight.repository';
import { InsightService } from './insight.service';

@Module({
  imports: [OrganizersModule, LeaderboardsModule],
  controllers: [InsightController],
  providers: [InsightRepository, InsightService],
})
export class InsightModule {}
