import { Injectable } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import { normalizeEmail } from '@api/accounts/email-rules';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { hashToken, newToken } from '@api/common/token';
import { CompetitionAccess } from '@api/competition-access/competition-access.service';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { ApiConfig } from '@api/config/api-config';
import { MailService } from '@api/mail/mail.service';
import { OrganizersService } from '@api/organizers/organizers.service';
import type { InvitationDto, InvitationLookupDto } from './dto/invitation.dto';
import { type InvitationRow, InvitationsRepository } from './invitations.repository';

const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000;

/**
 * Invitations by e-mail: organizers invite addresses, each gets a link (through the mail outbox) holding a token of
 * which only the hash is kept. Whoever opens it signs in or signs up with that address and lands approved, whatever
 * the competition's visibility (a private one included), approval mode or join rules.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly repo: InvitationsRepository,
    private readonly competitions: CompetitionsService,
    private readonly organizers: OrganizersService,
    private readonly accounts: AccountsService,
    private readonly access: CompetitionAccess,
    private readonly mail: MailService,
    private readonly config: ApiConfig,
  ) {}

  async invite(
    competitionId: string,
    organizer: AuthUser,
    emails: string[],
    message?: string,
  ): Promise<InvitationDto[]> {
    await this.organizers.requireOrganizer(competitionId, organizer);
    const competition = await this.competitions.get(competitionId);
    // One invitation per address, compared without case; the first spelling is kept.
    const byKey = new Map<string, string>();
    for (const e of emails.map((x) => normalizeEmail(x))) {
      if (!byKey.has(e.toLowerCase())) {
        byKey.set(e.toLowerCase(), e);
      }
    }
    const unique = [...byKey.values()];
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    const tokens = unique.map((email) => ({ email, ...newToken() }));
    const rows = await this.repo.invite(
      competitionId,
      organizer.id,
      tokens.map((t) => ({ email: t.email, tokenHash: t.hash, expiresAt })),
    );
    const base = this.config.mail.publicUrl;
    await this.mail.queueMany(
      tokens.map((t) => ({
        recipient: t.email,
        subject: `[${competition.title}] You are invited`,
        body:
          `Hello,\n\n${organizer.username} invites you to take part in "${competition.title}".\n` +
          (message ? `\n${message}\n` : '') +
          `\nAccept within 14 days (sign in or sign up with this address): ${base}/invitations/${t.token}\n` +
          `(or, signed in, POST {"acceptTerms": true} to /api/invitations/${t.token}/accept)\n`,
      })),
    );
    return rows.map(toDto);
  }

  async list(competitionId: string, organizer: AuthUser): Promise<InvitationDto[]> {
    await this.organizers.requireOrganizer(competitionId, organizer);
    return (await this.repo.list(competitionId)).map(toDto);
  }

  async revoke(competitionId: string, organizer: AuthUser, id: string): Promise<void> {
    await this.organizers.requireOrganizer(competitionId, organizer);
    if (!(await this.repo.revoke(competitionId, id))) {
      throw notFound(`open invitation ${id}`);
    }
  }

  /** What the link is for; the token is the only proof asked (it is a secret sent to one mailbox). */
  async lookup(token: string): Promise<InvitationLookupDto> {
    const row = await this.repo.byTokenHash(hashToken(token));
    if (!row) {
      throw notFound('invitation');
    }
    const competition = await this.competitions.get(row.competitionId);
    return {
      competitionId: row.competitionId,
      competitionTitle: competition.title,
      email: row.email,
      status: statusOf(row),
      expiresAt: row.expiresAt,
    };
  }

  async accept(token: string, user: AuthUser, acceptTerms: boolean): Promise<{ competitionId: string }> {
    if (!acceptTerms) {
      throw new DomainError('bad_request', 'the competition terms must be accepted (acceptTerms: true)');
    }
    const row = await this.repo.byTokenHash(hashToken(token));
    if (!row) {
      throw notFound('invitation');
    }
    const status = statusOf(row);
    if (status !== 'pending') {
      throw new DomainError('conflict', `this invitation is ${status}`);
    }
    const [me] = await this.accounts.contacts([user.id]);
    // The link went to one mailbox: it is accepted by the account of that address, so a forwarded link admits nobody.
    if (!me || me.email.toLowerCase() !== row.email.toLowerCase()) {
      throw forbidden(`this invitation is for ${row.email}: sign in (or sign up) with that address to accept it`);
    }
    const competition = await this.competitions.get(row.competitionId);
    if (competition.archivedAt) {
      throw new DomainError('conflict', `competition ${competition.id} is archived: it takes no new participants`);
    }
    const outcome = await this.repo.accept(hashToken(token), user.id, me.email);
    if (outcome === 'unusable') {
      throw new DomainError('conflict', 'this invitation was used, revoked or expired meanwhile');
    }
    if (outcome === 'banned') {
      throw forbidden('you are banned from this competition');
    }
    this.access.changed();
    return { competitionId: row.competitionId };
  }
}

function statusOf(row: InvitationRow): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (row.acceptedAt) {
    return 'accepted';
  }
  if (row.revokedAt) {
    return 'revoked';
  }
  if (row.expiresAt.getTime() <= Date.now()) {
    return 'expired';
  }
  return 'pending';
}

function toDto(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    status: statusOf(row),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    acceptedAt: row.acceptedAt,
    acceptedBy: row.acceptedBy,
  };
}
