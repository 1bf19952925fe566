import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Queues that require GPU workers, and task data held on workers' own disks (named, never uploaded). */
export class WorkerCapabilities1763880000000 implements MigrationInterface {
  name = 'WorkerCapabilities1763880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE queues ADD COLUMN requires_gpu boolean NOT NULL DEFAULT false;
      ALTER TABLE tasks ADD COLUMN reference_data_local text, ADD COLUMN input_data_local text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks DROP COLUMN input_data_local, DROP COLUMN reference_data_local;
      ALTER TABLE queues DROP COLUMN requires_gpu;
    `);
  }
}
