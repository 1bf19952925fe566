import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ProviderIdentity } from './provider-identity';

export interface StartedLogin {
  nonce: string;
  codeVerifier: string;
  next: string;
}

export interface LinkedUser {
  id: string;
  username: string;
  email: string;
  disabled: boolean;
  idpIssuer: string | null;
  idpSubject: string | null;
}

/** Sign-ins in progress (oidc_logins) and the users the identity provider's accounts map to. */
@Injectable()
export class CompanySignInRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async saveLogin(stateHash: string, login: StartedLogin, expiresAt: Date): Promise<void> {
    // Sign-ins abandoned a day ago or more go as new ones start.
    await this.db.query(`DELETE FROM oidc_logins WHERE expires_at < now() - interval '1 day'`);
    await this.db.query(
      'INSERT INTO oidc_logins (state_hash, nonce, code_verifier, next_path, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [stateHash, login.nonce, login.codeVerifier, login.next, expiresAt],
    );
  }

  /** The sign-in this state started, once: a state seen before, unknown or expired is null. */
  async takeLogin(stateHash: string): Promise<StartedLogin | null> {
    // TypeORM answers an UPDATE with [rows, count].
    const [[row]]: [{ nonce: string; code_verifier: string; next_path: string }[], number] = await this.db.query(
      `UPDATE oidc_logins SET used_at = now()
        WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING nonce, code_verifier, next_path`,
      [stateHash],
    );
    return row ? { nonce: row.nonce, codeVerifier: row.code_verifier, next: row.next_path } : null;
  }

  async setHandoff(stateHash: string, userId: string, handoffHash: string): Promise<void> {
    await this.db.query('UPDATE oidc_logins SET user_id = $2, handoff_hash = $3 WHERE state_hash = $1', [
      stateHash,
      userId,
      handoffHash,
    ]);
  }

  /** The user a hand-off code stands for, once and within two minutes of the provider's answer. */
  async takeHandoff(handoffHash: string): Promise<{ userId: string; next: string } | null> {
    const [[row]]: [{ user_id: string; next_path: string }[], number] = await this.db.query(
      `UPDATE oidc_logins SET handoff_used_at = now()
        WHERE handoff_hash = $1 AND handoff_used_at IS NULL AND used_at > now() - interval '2 minutes'
        RETURNING user_id, next_path`,
      [handoffHash],
    );
    return row ? { userId: row.user_id, next: row.next_path } : null;
  }

  /** The account already linked to this provider account, else the one with this e-mail address (any case). */
  async findUser(identity: ProviderIdentity): Promise<LinkedUser | null> {
    const [row]: Record<string, unknown>[] = await this.db.query(
      `SELECT id, username, email, disabled_at IS NOT NULL AS disabled, idp_issuer, idp_subject FROM users
        WHERE (idp_issuer = $1 AND idp_subject = $2) OR ($3::text IS NOT NULL AND lower(email) = lower($3))
        ORDER BY (idp_issuer = $1 AND idp_subject = $2) DESC NULLS LAST LIMIT 1`,
      [identity.issuer, identity.subject, identity.email],
    );
    if (!row) {
      return null;
    }
    return {
      id: row.id as string,
      username: row.username as string,
      email: row.email as string,
      disabled: row.disabled as boolean,
      idpIssuer: row.idp_issuer as string | null,
      idpSubject: row.idp_subject as string | null,
    };
  }

  async usernameTaken(username: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM users WHERE lower(username) = lower($1)', [username]);
    return rows.length > 0;
  }

  /** A new account for a verified address; its password hash matches no password (it signs in through the provider). */
  async createUser(
    identity: ProviderIdentity & { email: string },
    username: string,
    passwordHash: string,
  ): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO users (email, username, password_hash, email_confirmed_at, idp_issuer, idp_subject, idp_groups)
       VALUES ($1, $2, $3, now(), $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [identity.email, username, passwordHash, identity.issuer, identity.subject, identity.groups],
    );
    return rows[0]?.id ?? null;
  }

  /** Links the account to the provider's, refreshes its groups; the provider verified the address. */
  async link(userId: string, identity: ProviderIdentity): Promise<void> {
    await this.db.query(
      `UPDATE users SET idp_issuer = $2, idp_subject = $3, idp_groups = $4,
              email_confirmed_at = COALESCE(email_confirmed_at, now())
        WHERE id = $1`,
      [userId, identity.issuer, identity.subject, identity.groups],
    );
  }
}
