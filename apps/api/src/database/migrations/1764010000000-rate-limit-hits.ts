import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sliding-window log of the credential and mail rate limits (login, signup, password reset, confirmation links,
 * API tokens). In the database, not in each process: API processes sharing one database share the counts, so running
 * more of them does not multiply what an attacker may try. `key` is a hash of the rule and the login name, mailbox,
 * account or client address: no address or login is kept in clear. Hits older than the window are pruned.
 */
export class RateLimitHits1764010000000 implements MigrationInterface {
  name = 'RateLimitHits1764010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_hits (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX rate_limit_hits_key_at ON rate_limit_hits (key, at)');
    await q.query('CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limit_hits');
  }
}
