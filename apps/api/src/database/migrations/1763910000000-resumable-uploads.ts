import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResumableUploads1763910000000 implements MigrationInterface {
  name = 'ResumableUploads1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE uploads (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        filename text NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        purpose text NOT NULL CHECK (purpose IN ('submission', 'bundle')),
        part_size int NOT NULL CHECK (part_size > 0),
        part_count int NOT NULL CHECK (part_count > 0),
        storage_key text NOT NULL,
        store_session text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete', 'consumed')),
        consumed_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    await q.query(`CREATE INDEX uploads_updated_at_idx ON uploads (updated_at)`);
    await q.query(`
      CREATE TABLE upload_parts (
        upload_id uuid NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
        index int NOT NULL CHECK (index >= 0),
        etag text,
        PRIMARY KEY (upload_id, index)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE upload_parts`);
    await q.query(`DROP TABLE uploads`);
  }
}
