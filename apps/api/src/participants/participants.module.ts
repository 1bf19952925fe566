import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@api/accounts/accounts.module';
import { CompetitionAccessModule } from '@api/competition-access/competition-access.module';
import { CompetitionsModule } from '@api/competitions/competitions.module';
import { MailModule } from '@api/mail/mail.module';
import { OrganizersModule } from '@api/organizers/organizers.module';
import { ParticipantEntity } from './entities/participant.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { OrganizerParticipantsController } from './organizer-participants.controller';
import { ParticipantsController } from './participants.controller';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ParticipantEntity]),
    AccountsModule,
    CompetitionAccessModule,
    CompetitionsModule,
    OrganizersModule,
    MailModule,
  ],
  controllers: [ParticipantsController, OrganizerParticipantsController, InvitationsController],
  providers: [ParticipantsRepository, ParticipantsService, InvitationsRepository, InvitationsService],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
