import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may read a competition (issue 21): `visibility` draft (its organizers only; new uploads start there), unlisted
 * (whoever holds its `access_key`, its participants and organizers; never listed), public, private (approved
 * participants, invitees who accepted, and users its join rules admit). Competitions that existed before were visible
 * to everyone: they become public. `archived_at`: read-only from then on (no submission, edit or registration).
 * `join_email_domains` and `join_idp_groups`: who may register (either rule admits; both empty: anyone).
 * Changes to them are announced on `arena_changes` (topic leaderboards) so that every process drops the
 * competition states it cached for its access checks.
 */
export class CompetitionVisibility1764040000000 implements MigrationInterface {
  name = 'CompetitionVisibility1764040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE competitions
        ADD COLUMN visibility text NOT NULL DEFAULT 'public'
          CHECK (visibility IN ('draft', 'unlisted', 'public', 'private')),
        ADD COLUMN access_key text NOT NULL
          DEFAULT replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''),
        ADD COLUMN archived_at timestamptz,
        ADD COLUMN join_email_domains text[] NOT NULL DEFAULT '{}',
        ADD COLUMN join_idp_groups text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE competitions ALTER COLUMN visibility SET DEFAULT 'draft'`);
    await q.query(`
      CREATE TRIGGER competitions_access_notify_change
        AFTER UPDATE OF visibility, access_key, archived_at, join_email_domains, join_idp_groups ON competitions
        FOR EACH STATEMENT EXECUTE FUNCTION arena_notify_change('leaderboards')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER competitions_access_notify_change ON competitions');
    await q.query(`
      ALTER TABLE competitions DROP COLUMN visibility, DROP COLUMN access_key, DROP COLUMN archived_at,
        DROP COLUMN join_email_domains, DROP COLUMN join_idp_groups`);
  }
}
