import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { ParticipantsModule } from '@api/participants/participants.module';
import { TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

@Module({
  imports: [AccountsModule, OrganizersModule, ParticipantsModule],
  controllers: [TeamsController],
  providers: [TeamsRepository, TeamsService],
  exports: [TeamsService],
})
export class TeamsModule {}
