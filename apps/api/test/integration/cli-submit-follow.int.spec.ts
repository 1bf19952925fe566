import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { ExitCode } from '../../../cli/src/cli-io';
import { HttpClient } from '../support/http-client';
import { type PlatformWithWorker, startPlatform } from '../support/platform';
import type { TestApi } from '../support/test-api';
import type { TestDatabase } from '../support/test-database';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** `arena submit` follows the run live, scored by a real worker in a container, to its verdict; then the boards. */
describe('arena submit (following the run), leaderboard and worker status with a real worker', () => {
  let platform: PlatformWithWorker;
  let tmp: string;
  let db: TestDatabase;
  let api: TestApi;
  let workerName: string;
  let participantName: string;
  let phaseId: string;
  const env = { organizer: {} as Record<string, string>, participant: {} as Record<string, string> };

  const signUp = async (prefix: string, admin = false) => {
    const username = `${prefix}${randomBytes(3).toString('hex')}`;
    const r = await new HttpClient(api.url).json('POST', '/api/auth/signup', {
      email: `${username}@example.org`,
      username,
      password: 'correct horse battery',
    });
    if (admin) {
      await db.query('UPDATE users SET is_admin = true WHERE username = $1', [username]);
    }
    return {
      username,
      env: { HOME: join(tmp, `home-${username}`), ARENA_URL: api.url, ARENA_TOKEN: r.body.token as string },
    };
  };

  beforeAll(async () => {
    platform = await startPlatform({ prefix: 'cli-follow' });
    ({ tmp, db, api, workerName } = platform);
    const organizer = await signUp('org', true);
    env.organizer = organizer.env;
    const participant = await signUp('ada');
    participantName = participant.username;
    env.participant = participant.env;
    const up = await runBuiltCli(
      ['competition', 'upload', join(EXAMPLE, 'bundle'), '--visibility', 'public'],
      env.organizer,
    );
    expect(up.code, up.err).toBe(ExitCode.ok);
    const competitionId = /created competition ([0-9a-f-]{36})/.exec(up.out)![1];
    phaseId = /phase 0 ([0-9a-f-]{36})/.exec(up.out)![1];
    const joined = await new HttpClient(api.url, env.participant.ARENA_TOKEN).json(
      'POST',
      `/api/competitions/${competitionId}/participation`,
      { acceptTerms: true },
    );
    expect(joined.body.status).toBe('approved');
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('prints the scoring log as it comes, then the verdict and scores, and exits 0', async () => {
    const results = await zipFolder(join(EXAMPLE, 'submission'), join(tmp, 'results.zip'));
    const r = await runBuiltCli(['submit', phaseId, results, '--description', 'followed'], env.participant, {
      timeoutMs: 150_000,
    });
    expect(r.code, `${r.out}\n${r.err}`).toBe(ExitCode.ok);
    const id = /submitted ([0-9a-f-]{36})/.exec(r.out)![1];
    // The scoring program's own line, from the live log, comes before the verdict.
    const log = r.out.indexOf('accuracy=0.8400 f1=');
    const verdict = r.out.indexOf(`submission ${id}: finished`);
    expect(log, r.out).toBeGreaterThan(-1);
    expect(verdict).toBeGreaterThan(log);
    expect(r.out).toMatch(/ {2}accuracy: 0\.84\b/);
    expect(r.out).toMatch(/ {2}f1: 0\.\d+/);
  }, 180_000);

  it('a run that fails ends the command with the failure status and its reason', async () => {
    const bad = join(tmp, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, 'predictions.csv'), '1\n');
    const r = await runBuiltCli(['submit', phaseId, bad], env.participant, { timeoutMs: 150_000 });
    expect(r.code, `${r.out}\n${r.err}`).toBe(ExitCode.runFailed);
    expect(r.out).toMatch(/submission [0-9a-f-]{36}: failed: /);
    expect(r.err).toContain('predictions.csv has 1 lines');
  }, 180_000);

  it('leaderboard shows the scored submission as a table, CSV and JSON', async () => {
    const table = await runBuiltCli(['leaderboard', phaseId], env.participant);
    expect(table.code, table.err).toBe(ExitCode.ok);
    const lines = table.out.trimEnd().split('\n');
    expect(lines[0]).toBe('Results (main): 1 row(s)');
    // The caller's own row is marked (the participant runs the command).
    expect(lines[3]).toMatch(
      new RegExp(`^1\\s+${participantName} \\(you\\)\\s+0\\.8400\\s+0\\.\\d{4}\\s+[0-9a-f-]{36}$`),
    );
    // Columns line up: every score ends where its header ends.
    expect(lines[1].indexOf('Accuracy') + 'Accuracy'.length).toBe(lines[3].indexOf('0.8400') + '0.8400'.length);

    const csv = await runBuiltCli(['leaderboard', phaseId, '--board', 'main', '--format', 'csv'], env.participant);
    expect(csv.code, csv.err).toBe(ExitCode.ok);
    expect(csv.out).toContain(participantName);
    expect(csv.out.split('\n')[0]).toMatch(/accuracy|Accuracy/);

    const json = await runBuiltCli(['leaderboard', phaseId, '--format', 'json'], env.participant);
    expect(json.code, json.err).toBe(ExitCode.ok);
    const [board] = JSON.parse(json.out) as {
      key: string;
      rows: { participant: string; scores: Record<string, number> }[];
    }[];
    expect(board.key).toBe('main');
    expect(board.rows[0].participant).toBe(participantName);
    expect(board.rows[0].scores.accuracy).toBeCloseTo(0.84, 10);
  });

  it('worker status lists the worker on the platform queue for an admin', async () => {
    let r = await runBuiltCli(['worker', 'status'], env.organizer);
    for (let i = 0; i < 30 && !r.out.includes(workerName); i++) {
      await new Promise((res) => setTimeout(res, 500));
      r = await runBuiltCli(['worker', 'status'], env.organizer);
    }
    expect(r.code, r.err).toBe(ExitCode.ok);
    expect(r.out).toMatch(/^WORKER\s+HOST\s+VERSION\s+GPUS\s+CONNECTED\s+CURRENT JOB\s+HEARTBEAT$/m);
    expect(r.out).toMatch(new RegExp(`^${workerName}\\s+\\S+\\s+\\S+\\s+none\\s+\\d+[smhd].*\\s+idle\\s+-$`, 'm'));
  });
});
