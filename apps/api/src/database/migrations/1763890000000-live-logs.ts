import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveLogs1763890000000 implements MigrationInterface {
  name = 'LiveLogs1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE run_log_chunks (
        run_id uuid NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        stream text NOT NULL CHECK (stream IN ('stdout', 'stderr')),
        "offset" bigint NOT NULL,
        data text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, stream, "offset")
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE run_log_chunks`);
  }
}
