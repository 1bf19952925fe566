import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations by e-mail (issue 21): the link mailed holds a token of which only the hash is kept; whoever opens it
 * signed in, before it expires and unless revoked, becomes an approved participant (once). One open invitation per
 * competition and address: inviting again replaces it.
 */
export class CompetitionInvitations1764041000000 implements MigrationInterface {
  name = 'CompetitionInvitations1764041000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE competition_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        email text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id) ON DELETE SET NULL,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE UNIQUE INDEX competition_invitations_open ON competition_invitations (competition_id, lower(email))
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE competition_invitations');
  }
}
