// The platform's database in a backup: pg_dump's custom format, one consistent snapshot taken while the API runs.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

/** pg_dump and pg_restore get the password in their environment, not on a command line that `ps` shows. */
function connection(url) {
  const u = new URL(url);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  u.password = '';
  return { url: u.toString(), env };
}

export async function dumpDatabase(url, file) {
  const c = connection(url);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${c.url}`], {
    env: c.env,
    maxBuffer: 1 << 26,
  });
}

async function withClient(url, fn) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Organizer queues' RabbitMQ vhosts and users, which the broker part of a backup keeps. */
export function brokerObjects(url) {
  return withClient(url, async (c) => {
    const exists = (await c.query("SELECT to_regclass('public.queues') IS NOT NULL AS ok")).rows[0].ok;
    if (!exists) return { vhosts: [], users: [] };
    const rows = (await c.query('SELECT vhost, broker_user FROM queues')).rows;
    return { vhosts: rows.map((r) => r.vhost), users: rows.map((r) => r.broker_user) };
  });
}

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * Restores the dump into the database of `url`, which must not exist or be empty; with `replace`, an existing one is
 * dropped first (its connections ended). The database is created on the same server, by the same role (CREATEDB).
 */
export async function restoreDatabase(url, file, { replace }) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  await withClient(maintenance.toString(), async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
    if (exists) {
      const tables = await withClient(url, async (d) =>
        Number((await d.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n),
      );
      if (tables > 0 && !replace)
        throw new Error(`database ${name} is not empty: stop the platform and add --replace to overwrite it`);
      await c.query(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
    }
    await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  const c = connection(url);
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${c.url}`, file], {
    env: c.env,
    maxBuffer: 1 << 26,
  });
}

/**
 * Work that was in flight when the backup was taken: the broker's messages are not in it, so queued runs that had been
 * published are published again, and running runs lose their lease at once, so the lease sweep dispatches them again
 * (under new job tokens: the old ones are refused).
 * @returns {Promise<{ republished: number, reclaimed: number }>}
 */
export function resumeInFlightWork(url) {
  return withClient(url, async (c) => {
    const republished = (
      await c.query("UPDATE runs SET published_at = NULL WHERE status = 'queued' AND published_at IS NOT NULL")
    ).rowCount;
    const reclaimed = (await c.query("UPDATE runs SET lease_expires_at = now() WHERE status = 'running'")).rowCount;
    return { republished, reclaimed };
  });
}
