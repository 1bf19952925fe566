import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const deploy = resolve(import.meta.dirname, '..');
const SETTINGS = ['fsync', 'full_page_writes', 'synchronous_commit'];

/** Issue 19: the platform's cluster writes durably; only the tests' cluster trades that for speed. */
describe('start-postgres.sh', () => {
  // Scratch clusters on free ports, dropped afterwards: the running cluster ("main", 5432) is never touched.
  const made: string[] = [];
  const canRun = process.getuid?.() === 0 && existsSync('/usr/bin/pg_createcluster');

  afterAll(() => {
    for (const cluster of made) {
      execFileSync('pg_dropcluster', ['--stop', '15', cluster], { stdio: 'ignore' });
    }
  });

  const freePort = () =>
    new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => done(port));
      });
    });

  async function start(cluster: string, port: number, env: Record<string, string> = {}): Promise<string> {
    if (!made.includes(cluster)) {
      made.push(cluster);
    }
    return execFileSync('bash', [resolve(deploy, 'start-postgres.sh')], {
      encoding: 'utf8',
      env: { ...process.env, PG_CLUSTER: cluster, PG_PORT: String(port), PG_DBS: 'arena', ...env },
    });
  }

  const settings = (port: number) =>
    Object.fromEntries(
      execFileSync(
        'runuser',
        [
          '-u',
          'postgres',
          '--',
          'psql',
          '-p',
          String(port),
          '-tAc',
          `SELECT name, setting FROM pg_settings WHERE name IN ('${SETTINGS.join("','")}')`,
        ],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n')
        .map((line) => line.split('|')),
    );

  it.runIf(canRun)(
    'creates the platform cluster with fsync, full_page_writes and synchronous_commit on where none existed',
    async () => {
      const port = await freePort();
      const out = await start(`scratch_${randomBytes(3).toString('hex')}`, port);
      expect(out).toContain('fsync=on full_page_writes=on synchronous_commit=on');
      expect(settings(port)).toEqual({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' });
    },
  );

  it.runIf(canRun)(
    'creates a test cluster without them only when asked, and switches them on when the platform starts on it',
    async () => {
      const port = await freePort();
      const cluster = `scratch_${randomBytes(3).toString('hex')}`;
      await start(cluster, port, { PG_DURABLE: '0' });
      expect(settings(port)).toEqual({ fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' });
      // What an older script left behind on a machine now running the platform.
      const out = await start(cluster, port);
      expect(out).toMatch(/had fsync, full_page_writes, synchronous_commit off: switching on/);
      expect(settings(port)).toEqual({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' });
    },
  );

  it('is asked for a fast cluster only for the tests, never for the platform cluster or its port', () => {
    const services = readFileSync(resolve(deploy, 'services.sh'), 'utf8');
    const fast = services.split('\n').filter((line) => line.includes('PG_DURABLE=0'));
    expect(fast).toHaveLength(1);
    expect(fast[0]).toMatch(/PG_CLUSTER=tests PG_PORT="\$\{TEST_PG_PORT:-5433\}"/);
    expect(services).toMatch(/if \[ "\$\{WITH_TEST_DB:-0\}" = 1 \]/);
    for (const script of ['quickstart.sh', 'run-platform.sh']) {
      expect(readFileSync(resolve(deploy, script), 'utf8')).not.toContain('WITH_TEST_DB');
    }
    const test = readFileSync(resolve(deploy, 'test.sh'), 'utf8');
    expect(test).toContain('WITH_TEST_DB=1');
    expect(test).toMatch(/TEST_ADMIN_DATABASE_URL=.*:\$\{TEST_PG_PORT:-5433\}\/postgres/);
  });
});
