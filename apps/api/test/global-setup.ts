import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dbOptions } from '../src/database/db-options';
import { databaseUrl, TEMPLATE_DB, TEST_ENV } from './support/test-env';

/** Migrates one template database; each test file then copies it (CREATE DATABASE ... TEMPLATE), which takes ms. */
export default async function setup(): Promise<void> {
  const admin = new Client({ connectionString: TEST_ENV.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource(dbOptions(databaseUrl(TEMPLATE_DB)));
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}
