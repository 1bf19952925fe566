import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many times each file a phase offers was downloaded (GET /api/phases/{id}/files/{name}), shown to organizers.
 * One row per phase and file name; a download counts once, when a request asks for the file from its first byte.
 */
export class PhaseFileDownloads1763960000000 implements MigrationInterface {
  name = 'PhaseFileDownloads1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE phase_file_downloads (
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        name text NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        last_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (phase_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE phase_file_downloads');
  }
}
