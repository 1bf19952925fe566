import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job tokens are no longer stored in the job column (only their hash, in token_hash): the dispatcher mints each one
 * when it publishes the job. Workers holding a published job keep working, since the hash is unchanged.
 */
export class JobTokensHashedOnly1763920000000 implements MigrationInterface {
  name = 'JobTokensHashedOnly1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE runs SET job = job - 'token' WHERE job ? 'token'`);
  }

  async down(): Promise<void> {
    // The tokens are gone for good; jobs still to publish get fresh ones.
  }
}
