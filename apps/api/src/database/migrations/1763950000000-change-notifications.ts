import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each API process caches (identities, board settings and versions, team membership, organizer roles) is
 * announced on channel `arena_changes` when it changes, by whichever process or SQL session commits the change
 * (CacheCoherence listens). Statement-level triggers: one notification per statement, and PostgreSQL folds equal
 * notifications of one transaction into one, delivered at commit. A token's `last_used_at` is not watched: it moves
 * on every use and changes no identity.
 */
const WATCHED: [table: string, events: string, topic: 'identities' | 'leaderboards'][] = [
  ['access_tokens', 'UPDATE OF revoked_at, expires_at, token_hash, user_id OR DELETE', 'identities'],
  ['users', 'UPDATE OF is_admin, username OR DELETE', 'identities'],
  ['leaderboard_versions', 'INSERT OR UPDATE OR DELETE', 'leaderboards'],
  ['leaderboards', 'INSERT OR UPDATE OR DELETE', 'leaderboards'],
  ['phases', 'UPDATE OR DELETE', 'leaderboards'],
  ['competitions', 'UPDATE OF owner_id, model OR DELETE', 'leaderboards'],
  ['team_members', 'INSERT OR UPDATE OR DELETE', 'leaderboards'],
  ['competition_collaborators', 'INSERT OR UPDATE OR DELETE', 'leaderboards'],
];

export class ChangeNotifications1763950000000 implements MigrationInterface {
  name = 'ChangeNotifications1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION arena_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('arena_changes', TG_ARGV[0]);
        RETURN NULL;
      END $$`);
    for (const [table, events, topic] of WATCHED) {
      await q.query(
        `CREATE TRIGGER ${table}_notify_change AFTER ${events} ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION arena_notify_change('${topic}')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of WATCHED) {
      await q.query(`DROP TRIGGER ${table}_notify_change ON ${table}`);
    }
    await q.query('DROP FUNCTION arena_notify_change()');
  }
}
