import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        username text NOT NULL,
        password_hash text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));
      CREATE UNIQUE INDEX users_username_key ON users (lower(username));

      CREATE TABLE access_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('session', 'api')),
        name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX access_tokens_user_idx ON access_tokens (user_id);

      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        name text NOT NULL,
        storage_key text NOT NULL UNIQUE,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE competitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        docker_image text NOT NULL,
        format text NOT NULL CHECK (format IN ('v1', 'v2')),
        bundle_key text,
        logo_key text,
        terms text,
        model jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE competition_pages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        index int NOT NULL,
        title text NOT NULL,
        content text NOT NULL,
        UNIQUE (competition_id, index)
      );

      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        index int NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        scoring_program_id uuid REFERENCES datasets(id),
        ingestion_program_id uuid REFERENCES datasets(id),
        input_data_id uuid REFERENCES datasets(id),
        reference_data_id uuid REFERENCES datasets(id),
        ingestion_only_during_scoring boolean NOT NULL DEFAULT false,
        UNIQUE (competition_id, index)
      );

      CREATE TABLE phases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        index int NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        start_at timestamptz NOT NULL,
        end_at timestamptz,
        execution_time_limit_sec int NOT NULL,
        max_submissions_per_day int,
        max_submissions int,
        task_ids uuid[] NOT NULL,
        UNIQUE (competition_id, index)
      );

      CREATE TABLE leaderboards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        key text NOT NULL,
        title text NOT NULL,
        index int NOT NULL,
        hidden boolean NOT NULL DEFAULT false,
        primary_index int NOT NULL DEFAULT 0,
        submission_rule text NOT NULL,
        columns jsonb NOT NULL,
        UNIQUE (competition_id, key)
      );

      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('approved', 'pending', 'denied', 'banned')),
        terms_accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (competition_id, user_id)
      );

      CREATE TABLE submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        phase_id uuid NOT NULL REFERENCES phases(id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL CHECK (status IN ('submitted', 'queued', 'running', 'finished', 'failed', 'cancelled')),
        file_key text NOT NULL,
        file_size bigint NOT NULL,
        description text NOT NULL DEFAULT '',
        scores jsonb,
        failure_code text,
        failure_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX submissions_phase_status_idx ON submissions (phase_id, status);
      CREATE INDEX submissions_owner_idx ON submissions (owner_id, phase_id);

      CREATE TABLE runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        submission_id uuid NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        task_id uuid NOT NULL REFERENCES tasks(id),
        attempt int NOT NULL DEFAULT 1,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
        token_hash text NOT NULL UNIQUE,
        queue text NOT NULL,
        job jsonb NOT NULL,
        published_at timestamptz,
        worker_name text,
        scores jsonb,
        unknown_score_keys jsonb,
        exit_code int,
        elapsed_ms int,
        failure_code text,
        failure_message text,
        output_key text,
        stdout_key text,
        stderr_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX runs_submission_idx ON runs (submission_id);
      CREATE INDEX runs_unpublished_idx ON runs (created_at) WHERE published_at IS NULL AND status = 'queued';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE runs; DROP TABLE submissions; DROP TABLE participants; DROP TABLE leaderboards;
      DROP TABLE phases; DROP TABLE tasks; DROP TABLE competition_pages; DROP TABLE competitions;
      DROP TABLE datasets; DROP TABLE access_tokens; DROP TABLE users;
    `);
  }
}
