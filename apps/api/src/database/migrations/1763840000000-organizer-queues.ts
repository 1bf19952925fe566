import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizerQueues1763840000000 implements MigrationInterface {
  name = 'OrganizerQueues1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE queues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        name text NOT NULL,
        vhost text NOT NULL UNIQUE,
        broker_user text NOT NULL UNIQUE,
        is_public boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        credentials_issued_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE queue_shares (
        queue_id uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (queue_id, user_id)
      );
      CREATE TABLE competition_queues (
        competition_id uuid PRIMARY KEY REFERENCES competitions(id) ON DELETE CASCADE,
        queue_id uuid NOT NULL REFERENCES queues(id)
      );
      ALTER TABLE runs ADD COLUMN vhost text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE runs DROP COLUMN vhost; DROP TABLE competition_queues; DROP TABLE queue_shares; DROP TABLE queues;`,
    );
  }
}
