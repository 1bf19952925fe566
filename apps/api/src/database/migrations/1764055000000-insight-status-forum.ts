import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 27 (organizer insight, status page, forum). Insight reads a competition's submissions by day, hence the index
 * by creation time; the status page counts open runs per queue and the waits of runs started in the last hour. The
 * forum: threads per competition (pinned and locked by its organizers), their posts, who follows which thread (mailed
 * through the outbox on a new post), and a switch that turns a competition's forum off.
 */
export class InsightStatusForum1764055000000 implements MigrationInterface {
  name = 'InsightStatusForum1764055000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX submissions_competition_created_idx ON submissions (competition_id, created_at);
      CREATE INDEX runs_open_by_queue_idx ON runs (queue, vhost, status) WHERE status IN ('queued', 'running');
      CREATE INDEX runs_started_at_idx ON runs (started_at) WHERE started_at IS NOT NULL;

      ALTER TABLE competitions ADD COLUMN forum_enabled boolean NOT NULL DEFAULT true;

      CREATE TABLE forum_threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL,
        pinned boolean NOT NULL DEFAULT false,
        locked boolean NOT NULL DEFAULT false,
        post_count int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_post_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX forum_threads_listing_idx ON forum_threads (competition_id, pinned DESC, last_post_at DESC, id);

      CREATE TABLE forum_posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES forum_threads(id) ON DELETE CASCADE,
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX forum_posts_thread_idx ON forum_posts (thread_id, created_at, id);

      CREATE TABLE forum_follows (
        thread_id uuid NOT NULL REFERENCES forum_threads(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, user_id)
      );
      CREATE INDEX forum_follows_user_idx ON forum_follows (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE forum_follows;
      DROP TABLE forum_posts;
      DROP TABLE forum_threads;
      ALTER TABLE competitions DROP COLUMN forum_enabled;
      DROP INDEX runs_started_at_idx;
      DROP INDEX runs_open_by_queue_idx;
      DROP INDEX submissions_competition_created_idx;
    `);
  }
}
