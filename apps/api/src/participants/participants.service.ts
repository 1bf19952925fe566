import { Injectable } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionAccess } from '@api/competition-access/competition-access.service';
import { hasJoinRules, refusalOf } from '@api/competition-access/join-rules';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { MailService } from '@api/mail/mail.service';
import { OrganizersService } from '@api/organizers/organizers.service';
import type { ParticipantEntity, ParticipantStatus } from './entities/participant.entity';
import { ParticipantsRepository } from './participants.repository';

export type Decision = 'approve' | 'deny' | 'ban' | 'unban';

/** Which states each organizer decision may start from, and where it leads. */
const DECISIONS: Record<Decision, { from: ParticipantStatus[]; to: ParticipantStatus }> = {
  approve: { from: ['pending', 'denied', 'approved'], to: 'approved' },
  deny: { from: ['pending', 'approved', 'denied'], to: 'denied' },
  ban: { from: ['pending', 'approved', 'denied', 'banned'], to: 'banned' },
  unban: { from: ['banned'], to: 'approved' },
};

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly repo: ParticipantsRepository,
    private readonly competitions: CompetitionsService,
    private readonly organizers: OrganizersService,
    private readonly accounts: AccountsService,
    private readonly mail: MailService,
    private readonly access: CompetitionAccess,
  ) {}

  /**
   * Registration records the acceptance of the terms; approval is automatic when the competition says so. A user
   * already registered keeps their registration as it is (a denial or a ban included). Where the competition has join
   * rules, only users they admit may register. Who may reach this at all (a draft, unlisted or private competition)
   * is the scope guard's rule.
   */
  async register(competitionId: string, user: AuthUser, acceptTerms: boolean): Promise<ParticipantEntity> {
    const competition = await this.competitions.get(competitionId);
    if (!acceptTerms) {
      throw new DomainError('bad_request', 'the competition terms must be accepted (acceptTerms: true)');
    }
    const existing = await this.repo.find(competitionId, user.id);
    if (existing) {
      return existing;
    }
    // Join rules (e-mail domains, identity-provider groups): invitees come in through their invitation instead.
    const rules = { emailDomains: competition.joinEmailDomains, idpGroups: competition.joinIdpGroups };
    if (hasJoinRules(rules) && !(await this.organizers.isOrganizer(competition, user))) {
      const refusal = refusalOf(rules, await this.access.joiner(competitionId, user));
      if (refusal) {
        throw new DomainError('forbidden', refusal);
      }
    }
    return this.repo.insert(competitionId, user.id, competition.model.registrationAutoApprove ? 'approved' : 'pending');
  }

  async status(competitionId: string, user: AuthUser): Promise<ParticipantEntity | null> {
    await this.competitions.get(competitionId);
    return this.repo.find(competitionId, user.id);
  }

  /**
   * A banned or denied participant stays so: leaving and registering again would otherwise undo the organizers'
   * decision (at once, where the competition approves registrations automatically). Only an organizer lifts it.
   */
  async leave(competitionId: string, user: AuthUser): Promise<void> {
    await this.competitions.get(competitionId);
    const p = await this.repo.find(competitionId, user.id);
    if (!p) {
      throw notFound('your registration');
    }
    if (p.status === 'banned') {
      throw new DomainError('conflict', 'a banned participant cannot leave the competition');
    }
    if (p.status === 'denied') {
      throw new DomainError(
        'conflict',
        'a denied registration stays until an organizer decides otherwise; it cannot be withdrawn',
      );
    }
    await this.repo.delete(competitionId, user.id);
  }

  async list(
    competitionId: string,
    user: AuthUser,
    status: ParticipantStatus | undefined,
    limit: number,
    offset: number,
  ) {
    await this.organizers.requireOrganizer(competitionId, user);
    const rows = await this.repo.list(competitionId, status, limit, offset);
    const names = await this.accounts.usernames(rows.map((r) => r.userId));
    return rows.map((r) => ({ ...r, username: names.get(r.userId) ?? '' }));
  }

  async decide(competitionId: string, organizer: AuthUser, userId: string, decision: Decision) {
    await this.organizers.requireOrganizer(competitionId, organizer);
    const current = await this.repo.find(competitionId, userId);
    if (!current) {
      throw notFound(`participant ${userId}`);
    }
    const rule = DECISIONS[decision];
    if (!(await this.repo.transition(competitionId, userId, rule.from, rule.to))) {
      throw new DomainError('conflict', `cannot ${decision} a participant whose registration is ${current.status}`, {
        status: current.status,
      });
    }
    if (current.status !== rule.to) {
      await this.notifyDecision(competitionId, userId, rule.to);
    }
    const names = await this.accounts.usernames([userId]);
    return { ...(await this.repo.find(competitionId, userId))!, username: names.get(userId) ?? '' };
  }

  /** An organizer's message to every approved participant, one mail each. Returns how many were queued. */
  async messageAll(competitionId: string, organizer: AuthUser, subject: string, body: string): Promise<number> {
    await this.organizers.requireOrganizer(competitionId, organizer);
    const competition = await this.competitions.get(competitionId);
    const contacts = await this.accounts.contacts(await this.repo.approvedUserIds(competitionId));
    await this.mail.queueMany(
      contacts.map((c) => ({ recipient: c.email, subject: `[${competition.title}] ${subject}`, body })),
    );
    return contacts.length;
  }

  /** Throws unless the user may submit: an approved participant or an organizer. */
  async requireCanSubmit(competitionId: string, user: AuthUser): Promise<void> {
    const competition = await this.competitions.get(competitionId);
    if (await this.organizers.isOrganizer(competition, user)) {
      return;
    }
    await this.requireApproved(competitionId, user.id);
  }

  async requireApproved(competitionId: string, userId: string): Promise<void> {
    const p = await this.repo.find(competitionId, userId);
    if (!p) {
      throw new DomainError('forbidden', 'register for this competition first');
    }
    if (p.status !== 'approved') {
      throw new DomainError('forbidden', `the registration is ${p.status}`);
    }
  }

  approvedUserIds(competitionId: string): Promise<string[]> {
    return this.repo.approvedUserIds(competitionId);
  }

  private async notifyDecision(competitionId: string, userId: string, status: ParticipantStatus): Promise<void> {
    const competition = await this.competitions.get(competitionId);
    const [contact] = await this.accounts.contacts([userId]);
    if (!contact) {
      return;
    }
    const words: Record<ParticipantStatus, string> = {
      approved: 'approved: you may now submit',
      denied: 'denied',
      banned: 'banned: you may no longer submit',
      pending: 'pending',
    };
    await this.mail.queue(
      contact.email,
      `[${competition.title}] Registration ${status}`,
      `Hello ${contact.username},\n\nYour registration for "${competition.title}" was ${words[status]}.\n`,
    );
  }
}
