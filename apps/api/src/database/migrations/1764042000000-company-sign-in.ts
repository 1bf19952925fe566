import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OpenID Connect sign-in (issue 21). `oidc_logins`: one row per sign-in started, keyed by the hash of its `state`,
 * holding the PKCE verifier and nonce until the provider sends the browser back (used once, expires); then the hash
 * of a one-time hand-off code that the web app exchanges for a session. Users: the provider's subject and issuer
 * they signed in with last, and the groups it said they belong to (join rules read them).
 * Administration: `disabled_at` (no sign-in, no token works), `is_organizer` (may create competitions where
 * ORGANIZER_RIGHTS=restricted), `last_login_at`. Disabling is announced like other identity changes.
 */
export class CompanySignIn1764042000000 implements MigrationInterface {
  name = 'CompanySignIn1764042000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_logins (
        state_hash text PRIMARY KEY,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        next_path text NOT NULL DEFAULT '/',
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        handoff_hash text UNIQUE,
        handoff_used_at timestamptz
      )`);
    await q.query('CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at)');
    await q.query(`
      ALTER TABLE users
        ADD COLUMN idp_issuer text,
        ADD COLUMN idp_subject text,
        ADD COLUMN idp_groups text[] NOT NULL DEFAULT '{}',
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN is_organizer boolean NOT NULL DEFAULT false,
        ADD COLUMN last_login_at timestamptz`);
    await q.query(
      'CREATE UNIQUE INDEX users_idp_subject ON users (idp_issuer, idp_subject) WHERE idp_subject IS NOT NULL',
    );
    await q.query(`
      CREATE TRIGGER users_disabled_notify_change AFTER UPDATE OF disabled_at ON users
        FOR EACH STATEMENT EXECUTE FUNCTION arena_notify_change('identities')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER users_disabled_notify_change ON users');
    await q.query(`
      ALTER TABLE users DROP COLUMN idp_issuer, DROP COLUMN idp_subject, DROP COLUMN idp_groups, DROP COLUMN disabled_at,
        DROP COLUMN is_organizer, DROP COLUMN last_login_at`);
    await q.query('DROP TABLE oidc_logins');
  }
}
