import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import type { ParticipantEntity } from './entities/participant.entity';
import { ParticipantsRepository } from './participants.repository';

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly repo: ParticipantsRepository,
    private readonly competitions: CompetitionsService,
  ) {}

  /** Registration records the acceptance of the terms; approval is automatic when the competition says so. */
  async register(competitionId: string, user: AuthUser, acceptTerms: boolean): Promise<ParticipantEntity> {
    const competition = await this.competitions.get(competitionId);
    if (!acceptTerms) throw new DomainError('bad_request', 'the competition terms must be accepted (acceptTerms: true)');
    const existing = await this.repo.find(competitionId, user.id);
    if (existing) return existing;
    return this.repo.insert(competitionId, user.id, competition.model.registrationAutoApprove ? 'approved' : 'pending');
  }

  async status(competitionId: string, user: AuthUser): Promise<ParticipantEntity | null> {
    await this.competitions.get(competitionId);
    return this.repo.find(competitionId, user.id);
  }

  /** Throws unless the user may submit: an approved participant or an organizer. */
  async requireCanSubmit(competitionId: string, user: AuthUser): Promise<void> {
    const competition = await this.competitions.get(competitionId);
    if (this.competitions.isOrganizer(competition, user)) return;
    const p = await this.repo.find(competitionId, user.id);
    if (!p) throw new DomainError('forbidden', 'register for this competition before submitting');
    if (p.status !== 'approved') throw new DomainError('forbidden', `your registration is ${p.status}`);
  }
}
