import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A phase whose runs need GPU workers, and the GPUs a worker reported while holding a run. */
export class GpuReporting1763900000000 implements MigrationInterface {
  name = 'GpuReporting1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE phases ADD COLUMN requires_gpu boolean NOT NULL DEFAULT false;
      ALTER TABLE runs ADD COLUMN worker_gpus text[];
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE runs DROP COLUMN worker_gpus;
      ALTER TABLE phases DROP COLUMN requires_gpu;
    `);
  }
}
