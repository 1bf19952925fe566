import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface InvitationRow {
  id: string;
  competitionId: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

const COLUMNS = `i.id, i.competition_id AS "competitionId", i.email, i.created_at AS "createdAt", i.expires_at AS "expiresAt",
  i.accepted_at AS "acceptedAt", u.username AS "acceptedBy", i.revoked_at AS "revokedAt"`;
const FROM = 'FROM competition_invitations i LEFT JOIN users u ON u.id = i.accepted_by';

export type Acceptance = 'accepted' | 'unusable' | 'banned';

@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Replaces the open invitation of each address (revoked), in one transaction. */
  async invite(
    competitionId: string,
    invitedBy: string,
    invites: { email: string; tokenHash: string; expiresAt: Date }[],
  ): Promise<InvitationRow[]> {
    return this.db.transaction(async (m: EntityManager) => {
      const ids: string[] = [];
      for (const inv of invites) {
        await m.query(
          `UPDATE competition_invitations SET revoked_at = now()
            WHERE competition_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL AND revoked_at IS NULL`,
          [competitionId, inv.email],
        );
        const [row]: { id: string }[] = await m.query(
          `INSERT INTO competition_invitations (competition_id, email, token_hash, invited_by, expires_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [competitionId, inv.email, inv.tokenHash, invitedBy, inv.expiresAt],
        );
        ids.push(row.id);
      }
      return m.query(`SELECT ${COLUMNS} ${FROM} WHERE i.id = ANY($1::uuid[]) ORDER BY i.created_at, i.email`, [ids]);
    });
  }

  list(competitionId: string): Promise<InvitationRow[]> {
    return this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE i.competition_id = $1 ORDER BY i.created_at DESC, i.email`, [
      competitionId,
    ]);
  }

  async byTokenHash(tokenHash: string): Promise<InvitationRow | null> {
    const [row]: InvitationRow[] = await this.db.query(`SELECT ${COLUMNS} ${FROM} WHERE i.token_hash = $1`, [
      tokenHash,
    ]);
    return row ?? null;
  }

  async revoke(competitionId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT id FROM competition_invitations WHERE id = $1 AND competition_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
      [id, competitionId],
    );
    if (rows.length === 0) {
      return false;
    }
    await this.db.query('UPDATE competition_invitations SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
      id,
    ]);
    return true;
  }

  /**
   * Uses the invitation once, in one transaction: it is locked, still open and unexpired, and the user becomes an
   * approved participant (a pending or denied registration is approved; a banned one stays banned), with the terms
   * accepted now. The invited address, proven by the link, counts as confirmed when it is the user's own.
   */
  async accept(tokenHash: string, userId: string, userEmail: string): Promise<Acceptance> {
    return this.db.transaction(async (m: EntityManager) => {
      const [inv]: { id: string; competition_id: string; email: string }[] = await m.query(
        `SELECT id, competition_id, email FROM competition_invitations
          WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
        [tokenHash],
      );
      if (!inv) {
        return 'unusable';
      }
      const [existing]: { status: string }[] = await m.query(
        'SELECT status FROM participants WHERE competition_id = $1 AND user_id = $2 FOR UPDATE',
        [inv.competition_id, userId],
      );
      if (existing?.status === 'banned') {
        return 'banned';
      }
      await m.query(
        `INSERT INTO participants (competition_id, user_id, status, terms_accepted_at) VALUES ($1, $2, 'approved', now())
         ON CONFLICT (competition_id, user_id) DO UPDATE SET status = 'approved', terms_accepted_at = now()`,
        [inv.competition_id, userId],
      );
      await m.query('UPDATE competition_invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1', [
        inv.id,
        userId,
      ]);
      if (inv.email.toLowerCase() === userEmail.toLowerCase()) {
        await m.query('UPDATE users SET email_confirmed_at = now() WHERE id = $1 AND email_confirmed_at IS NULL', [
          userId,
        ]);
      }
      return 'accepted';
    });
  }
}
