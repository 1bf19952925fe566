import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dbOptions } from '../src/database/db-options';
import type { TestProject } from 'vitest/node';
import { databaseUrl, TEST_ENV } from './support/test-env';

/** Migrates one template database; each test file then copies it (CREATE DATABASE ... TEMPLATE), which takes ms. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One template per run, so that two suites on one machine do not drop each other's.
  const template = `arena_test_template_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: TEST_ENV.adminDatabaseUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${template}`);
  project.provide('templateDatabase', template);
  const ds = new DataSource(dbOptions(databaseUrl(template)));
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
  return () => admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
