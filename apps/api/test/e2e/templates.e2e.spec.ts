import { randomBytes } from 'node:crypto';
import { chmod, cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { validateBundle } from '@arena/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@worker/config';
import { startWorker } from '@worker/worker';
import { HttpClient } from '../support/http-client';
import { type Platform, startPlatform } from '../support/platform';
import { TEST_ENV } from '../support/test-env';
import { waitForEnd } from '../support/wait-for-end';
import { zipFolder } from '../support/zip-folder';

const TEMPLATES = resolve(__dirname, '../../../../templates');

interface Expected {
  status: 'finished' | 'failed';
  scores?: Record<string, number>;
  /** The two-phase template: what the good submission scores once migrated into the final phase. */
  final?: Record<string, number>;
  /** A line its stderr log must hold. */
  stderr?: string;
  failureCode?: string;
  /** Part of the failure message: the reason the template's README gives. */
  reason?: string;
}

interface Manifest {
  title: string;
  summary: string;
  good: Expected;
  failing: Expected;
  /** Worker-local data the template's runs need: name → folder of the template. */
  localData?: Record<string, string>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/*
 * Every template of templates/ as an organizer would use it: validated by libs/bundle, uploaded and published,
 * exported and imported back to the same competition, and its two samples submitted by a participant and scored by
 * a worker in Docker on the default image: the good one with the scores its template.json gives, the failing one
 * with the reason its README gives. The two-phase template also migrates into its final phase, with results hidden
 * until revealed.
 */
describe('competition templates, end to end', async () => {
  const names = (await readdir(TEMPLATES, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  let platform: Platform;
  let worker: { stop(): Promise<void> };
  let organizer: HttpClient;
  let participant: HttpClient;

  beforeAll(async () => {
    platform = await startPlatform({
      prefix: 'templates',
      worker: false,
      apiEnv: { AUTO_MIGRATION_INTERVAL_MS: '300' },
    });
    // Worker-local data as an operator lays it out: a folder the container user may read.
    const localData: string[] = [];
    for (const name of names) {
      for (const [dataName, folder] of Object.entries((await manifestOf(name)).localData ?? {})) {
        const target = join(platform.tmp, 'local-data', dataName);
        await cp(join(TEMPLATES, name, folder), target, { recursive: true });
        await openToAll(join(platform.tmp, 'local-data'));
        localData.push(`${dataName}=${target}`);
      }
    }
    worker = await startWorker(
      loadWorkerConfig({
        ARENA_API_URL: platform.api.url,
        AMQP_URL: TEST_ENV.amqpUrl,
        WORKER_QUEUE: platform.queue,
        WORKER_NAME: `templates-${randomBytes(3).toString('hex')}`,
        WORKER_WORK_DIR: join(platform.tmp, 'worker'),
        WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.defaultImage},codalab/*=${TEST_ENV.defaultImage}`,
        WORKER_LOCAL_DATA: localData.join(','),
        LOG_LEVEL: 'warn',
      }),
    );
    const anon = new HttpClient(platform.api.url);
    organizer = await anon.signUp(`org${randomBytes(3).toString('hex')}`);
    participant = await anon.signUp(`ada${randomBytes(3).toString('hex')}`);
  });

  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
  });

  it('ships the templates the docs list, each with a manifest, a README, a starting kit and both samples', async () => {
    expect(names).toEqual(
      [
        'average-rank',
        'code-submission',
        'codalab-v1',
        'confidential-data',
        'gpu',
        'ingestion-during-scoring',
        'multi-task',
        'results-only',
        'two-phase-final',
      ].sort(),
    );
    for (const name of names) {
      const entries = await readdir(join(TEMPLATES, name));
      expect(entries, name).toEqual(expect.arrayContaining(['README.md', 'template.json', 'bundle', 'submissions']));
      expect(await readdir(join(TEMPLATES, name, 'submissions')), name).toEqual(['failing', 'good']);
      expect(await readdir(join(TEMPLATES, name, 'bundle')), name).toContain('starting_kit');
    }
  });

  /**
   * What an organizer reads of a competition, less what is not the bundle's: ids, times, the format it came in, who
   * may see it and its access key (set after upload), and whether a phase's results are hidden now (the organizers'
   * reveal switch; a v1 bundle's hide_results only sets where it starts, and version 2 has no key for it).
   */
  const view = async (id: string) => {
    const r = await organizer.json('GET', `/api/competitions/${id}`);
    expect(r.status).toBe(200);
    const { id: _i, createdAt: _c, format: _f, visibility: _v, archivedAt: _a, access: _k, ...rest } = r.body;
    rest.phases = rest.phases.map(({ resultsHidden: _h, ...phase }: { resultsHidden: boolean }) => phase);
    return JSON.parse(JSON.stringify(rest).replace(UUID, 'ID'));
  };

  const submit = async (phaseId: string, folder: string) => {
    const zip = await zipFolder(folder, join(platform.tmp, `s-${randomBytes(4).toString('hex')}.zip`));
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', zip);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return waitForEnd(participant, r.body.id);
  };

  const expectOutcome = async (done: any, expected: Expected, what: string) => {
    expect(done.status, `${what}: ${JSON.stringify(done)}`).toBe(expected.status);
    for (const [key, value] of Object.entries(expected.scores ?? {})) {
      expect(done.scores[key], `${what} ${key}`).toBeCloseTo(value, 5);
    }
    if (expected.failureCode) {
      expect(done.failureCode, what).toBe(expected.failureCode);
    }
    if (expected.reason) {
      expect(done.failureMessage, what).toContain(expected.reason);
    }
    if (expected.stderr) {
      expect(await (await participant.raw(`/api/submissions/${done.id}/logs/stderr`)).text()).toContain(
        expected.stderr,
      );
    }
  };

  it.each(names)(
    '%s: validates, round-trips through an export, and scores its samples as its README says',
    async (name) => {
      const manifest = await manifestOf(name);
      const bundle = join(TEMPLATES, name, 'bundle');
      const checked = await validateBundle(bundle);
      expect(checked.errors, name).toEqual([]);
      expect(checked.valid).toBe(true);

      const created = await organizer.upload(
        '/api/competitions',
        'bundle',
        await zipFolder(bundle, join(platform.tmp, `${name}.zip`)),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await organizer.publish(created);
      const id: string = created.body.id;
      expect(created.body.title).toContain('(Arena template)');

      // Exported as a (version 2) bundle and imported back: the same competition.
      const exported = await organizer.raw(`/api/competitions/${id}/bundle`);
      expect(exported.status).toBe(200);
      const exportZip = join(platform.tmp, `${name}-export.zip`);
      await writeFile(exportZip, Buffer.from(await exported.arrayBuffer()));
      const again = await organizer.upload('/api/competitions', 'bundle', exportZip);
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(await view(again.body.id)).toEqual(await view(id));

      const registered = await participant.json('POST', `/api/competitions/${id}/participation`, { acceptTerms: true });
      expect(registered.body.status).toBe('approved');
      const [first, second] = created.body.phases as { id: string }[];
      const submissions = join(TEMPLATES, name, 'submissions');
      if (name === 'two-phase-final') {
        expect((await organizer.json('POST', `/api/phases/${second.id}/hide-results`)).status).toBe(200);
      }
      await expectOutcome(await submit(first.id, join(submissions, 'failing')), manifest.failing, `${name} failing`);
      const good = await submit(first.id, join(submissions, 'good'));
      await expectOutcome(good, manifest.good, `${name} good`);
      const board = await participant.json('GET', `/api/phases/${first.id}/leaderboard`);
      expect(board.body.leaderboards[0].rows.map((r: { submissionId: string }) => r.submissionId)).toEqual([good.id]);

      if (name === 'two-phase-final') {
        await finalPhase(id, first.id, second.id, good.id, manifest.good.final!);
      }
    },
  );

  /**
   * The final phase opens (its dates moved to now): the latest finished development submission is re-run in it
   * without anyone submitting, scored on the final half, and its scores stay hidden from the participant until the
   * organizer reveals them.
   */
  async function finalPhase(
    competitionId: string,
    devId: string,
    finalId: string,
    originalId: string,
    scores: Record<string, number>,
  ) {
    const now = new Date().toISOString();
    for (const [phaseId, body] of [
      [devId, { end: now }],
      [finalId, { start: now }],
    ] as const) {
      const r = await organizer.json('PATCH', `/api/competitions/${competitionId}/phases/${phaseId}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    let migrated: { id: string } | undefined;
    for (const until = Date.now() + 30_000; !migrated && Date.now() < until;) {
      migrated = (await participant.json('GET', `/api/phases/${finalId}/submissions`)).body[0];
      if (!migrated) {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    expect(migrated, 'no submission migrated into the final phase').toBeDefined();
    const done = await waitForEnd(participant, migrated!.id);
    expect(done).toMatchObject({ status: 'finished', rerunOf: originalId });
    expect(Object.keys(done.scores ?? {})).toEqual([]);
    const seen = await organizer.json('GET', `/api/submissions/${done.id}`);
    for (const [key, value] of Object.entries(scores)) {
      expect(seen.body.scores[key]).toBeCloseTo(value, 5);
    }
    expect((await organizer.json('POST', `/api/phases/${finalId}/reveal`)).status).toBe(200);
    const revealed = await participant.json('GET', `/api/submissions/${done.id}`);
    for (const [key, value] of Object.entries(scores)) {
      expect(revealed.body.scores[key]).toBeCloseTo(value, 5);
    }
  }
});

async function manifestOf(name: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(TEMPLATES, name, 'template.json'), 'utf8')) as Manifest;
}

async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      await openToAll(join(dir, e.name));
    } else {
      await chmod(join(dir, e.name), 0o644);
    }
  }
}
