import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsRolesLimits1763830000000 implements MigrationInterface {
  name = 'AccountsRolesLimits1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE access_tokens ADD COLUMN last_used_at timestamptz;

      ALTER TABLE users
        ADD COLUMN email_confirmed_at timestamptz,
        ADD COLUMN notify_submissions boolean NOT NULL DEFAULT true,
        ADD COLUMN is_robot boolean NOT NULL DEFAULT false;

      -- One-time tokens sent by mail; apart from access_tokens so that they can never serve as bearer tokens.
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

      CREATE TABLE competition_collaborators (
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (competition_id, user_id)
      );
      CREATE INDEX competition_collaborators_user_idx ON competition_collaborators (user_id);

      ALTER TABLE competitions
        ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
        ADD COLUMN count_failed_submissions boolean NOT NULL DEFAULT false,
        ADD COLUMN max_concurrent_submissions int CHECK (max_concurrent_submissions > 0);

      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        name text NOT NULL,
        captain_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX teams_name_key ON teams (competition_id, lower(name));

      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('invited', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, user_id)
      );
      -- One team per person and competition; invitations to several teams may wait side by side.
      CREATE UNIQUE INDEX team_members_one_team_key ON team_members (competition_id, user_id) WHERE status = 'member';

      ALTER TABLE submissions
        ADD COLUMN team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        ADD COLUMN idempotency_key text,
        ADD COLUMN notified_at timestamptz;
      CREATE UNIQUE INDEX submissions_idempotency_key ON submissions (owner_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX submissions_team_idx ON submissions (team_id, phase_id) WHERE team_id IS NOT NULL;

      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE mail_outbox;
      DROP INDEX submissions_team_idx; DROP INDEX submissions_idempotency_key;
      ALTER TABLE submissions DROP COLUMN notified_at, DROP COLUMN idempotency_key, DROP COLUMN team_id;
      DROP TABLE team_members; DROP TABLE teams;
      ALTER TABLE competitions DROP COLUMN max_concurrent_submissions, DROP COLUMN count_failed_submissions, DROP COLUMN time_zone;
      DROP TABLE competition_collaborators;
      DROP TABLE account_tokens;
      ALTER TABLE users DROP COLUMN is_robot, DROP COLUMN notify_submissions, DROP COLUMN email_confirmed_at;
      ALTER TABLE access_tokens DROP COLUMN last_used_at;
    `);
  }
}
