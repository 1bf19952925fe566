import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workerRoutes } from '@arena/worker-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { V1_BASE, v1Bundle } from '../support/v1-bundle';
import { zipFolder } from '../support/zip-folder';

/**
 * The settings CodaLab v1 bundles carry as competition and phase flags (and Arena reads under the same names in
 * version 2), each doing through the API what it did on CodaLab or Codabench.
 */
describe('competition options take effect', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let adaName: string;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    adaName = (await ada.json('GET', '/api/auth/me')).body.username;
  });

  afterAll(async () => {
    await fx?.stop();
  });

  const v1 = async (yaml: string) => {
    const created = await organizer.upload('/api/competitions', 'bundle', await v1Bundle(fx.tmp, yaml));
    await organizer.publish(created);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const at = (yaml: string, after: string, lines: string) => {
    if (!yaml.includes(after)) {
      throw new Error(`no ${after} in the YAML`);
    }
    return yaml.replace(after, `${after}${lines}`);
  };
  const finish = async (submissionId: string) => {
    const job = await fx.jobFor(submissionId);
    const body = { version: 1, status: 'finished', scores: { accuracy: 0.5, f1: 0.5 }, exitCode: 0, elapsedMs: 10 };
    expect((await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), body)).body).toMatchObject({
      stored: true,
    });
  };

  it('reads the v1 flags, shows them, and names in the answer what it cannot do', async () => {
    const yaml = at(
      at(
        V1_BASE,
        'has_registration: False\n',
        `enable_teams: True
hide_top_three: True
hide_chart: True
url_redirect: https://example.org/the-real-one
reward: 500 EUR
enable_forum: True
upper_bound_max_submission_size: 2
admin_names: ${adaName}, nobody-here
`,
      ),
      '    reference_data: reference_data.zip\n',
      '    color: green\n    max_submission_size: 50\n    participant_max_storage_use: 7\n',
    );
    const c = await v1(yaml);
    expect(c.options).toEqual({
      enableTeams: true,
      requireTeamApproval: true,
      enableSubmissionMetadata: false,
      showSubmissionMetadataOnLeaderboard: false,
      disallowLeaderboardModifying: false,
      hideTopThree: true,
      hideChart: true,
      urlRedirect: 'https://example.org/the-real-one',
    });
    expect(c).toMatchObject({
      reward: '500 EUR',
      competitionType: 'competition',
      logoUrl: `/api/competitions/${c.id}/logo`,
    });
    // max_submission_size is capped by upper_bound_max_submission_size, as CodaLab's editor capped it.
    expect(c.phases[0]).toMatchObject({ color: 'green', maxSubmissionSizeMb: 2, scoringOnly: true });
    expect(c.warnings.map((w: { path: string; message: string }) => `${w.path}: ${w.message}`)).toEqual([
      'enable_forum: enable_forum: kept, but has no effect here (Arena has no forum yet)',
      expect.stringMatching(/^admin_names: admin_names: no user nobody-here on this platform/),
    ]);

    // admin_names that exist become organizers; participant_max_storage_use the storage quota.
    const collaborators = (await organizer.json('GET', `/api/competitions/${c.id}/collaborators`)).body;
    expect(collaborators.map((x: { username: string }) => x.username)).toEqual([adaName]);
    expect((await ada.json('GET', `/api/competitions/${c.id}`)).body.isOrganizer).toBe(true);
    expect((await organizer.json('GET', `/api/competitions/${c.id}/storage`)).body.quotaBytes).toBe(7 * 1024 * 1024);

    const logo = await fx.anon.raw(c.logoUrl);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await logo.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('forms no team where teams are off, and lets a team submit as one only once approved where approval is required', async () => {
    const off = await v1(V1_BASE);
    await fx.register(ada, off.id);
    const refused = await ada.json('POST', `/api/competitions/${off.id}/teams`, { name: 'Nope' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/no teams/);

    const c = await fx.competition(organizer, [
      ['registration_auto_approve: true\n', 'registration_auto_approve: true\nrequire_team_approval: true\n'],
    ]);
    await fx.register(ada, c.id);
    const team = await ada.json('POST', `/api/competitions/${c.id}/teams`, { name: 'Waiting room' });
    expect(team).toMatchObject({ status: 201, body: { status: 'pending' } });
    const early = await fx.submit(ada, c.phaseId, { teamId: team.body.id });
    expect(early.status).toBe(403);
    expect(early.body.message).toMatch(/awaits the organizers' approval/);
    // Alone, the captain still submits.
    expect((await fx.submit(ada, c.phaseId)).status).toBe(201);

    expect((await ada.json('GET', `/api/competitions/${c.id}/teams`)).status).toBe(403);
    expect((await ada.json('POST', `/api/teams/${team.body.id}/approve`)).status).toBe(404);
    const listed = (await organizer.json('GET', `/api/competitions/${c.id}/teams`)).body;
    expect(listed).toMatchObject([
      { id: team.body.id, status: 'pending', members: [{ username: adaName, status: 'member' }] },
    ]);
    expect((await organizer.json('POST', `/api/teams/${team.body.id}/approve`)).body.status).toBe('approved');
    expect((await fx.submit(ada, c.phaseId, { teamId: team.body.id })).status).toBe(201);
    expect((await organizer.json('POST', `/api/teams/${team.body.id}/deny`)).body.status).toBe('denied');
    expect((await fx.submit(ada, c.phaseId, { teamId: team.body.id })).body.message).toMatch(/did not approve/);
  });

  it('keeps participants from moving their entries where the organizers lock the board', async () => {
    const rule = ['submission_rule: Force_Last\n', 'submission_rule: Add\n'] as [string, string];
    const open = await fx.competition(organizer, [rule]);
    const locked = await fx.competition(organizer, [
      rule,
      ['registration_auto_approve: true\n', 'registration_auto_approve: true\ndisallow_leaderboard_modifying: true\n'],
    ]);
    for (const c of [open, locked]) {
      await fx.register(ada, c.id);
    }
    const a = (await fx.submit(ada, open.phaseId)).body.id;
    const b = (await fx.submit(ada, locked.phaseId)).body.id;
    await finish(a);
    await finish(b);
    // Under Add a participant puts a finished submission on the board themself.
    expect((await ada.json('POST', `/api/submissions/${a}/leaderboard`)).status).toBe(200);
    const refused = await ada.json('POST', `/api/submissions/${b}/leaderboard`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/do not let participants choose/);
  });

  it('takes a description of each submission only where the competition asks for one, and shows it', async () => {
    const plain = await fx.competition(organizer);
    await fx.register(ada, plain.id);
    const refused = await fx.submit(ada, plain.phaseId, { methodName: 'GBM' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/does not ask for submission metadata \(methodName\)/);

    const asks = await fx.competition(organizer, [
      ['registration_auto_approve: true\n', 'registration_auto_approve: true\nenable_per_submission_metadata: true\n'],
    ]);
    await fx.register(ada, asks.id);
    expect((await fx.submit(ada, asks.phaseId, { codeUrl: 'javascript:alert(1)' })).status).toBe(400);
    const fields = {
      methodName: 'GBM',
      methodDescription: 'Boosted trees',
      codeUrl: 'https://example.org/code',
      paperUrl: 'https://example.org/paper',
    };
    const made = await fx.submit(ada, asks.phaseId, fields);
    expect(made.status).toBe(201);
    expect((await ada.json('GET', `/api/submissions/${made.body.id}`)).body.metadata).toEqual(fields);
    expect((await organizer.json('GET', `/api/submissions/${made.body.id}`)).body.metadata).toEqual(fields);
  });

  it('holds submissions until an organizer runs them where auto_run_submissions is false', async () => {
    const c = await fx.competition(organizer, [
      ['registration_auto_approve: true\n', 'registration_auto_approve: true\nauto_run_submissions: false\n'],
    ]);
    await fx.register(ada, c.id);
    const first = (await fx.submit(ada, c.phaseId)).body.id;
    const second = (await fx.submit(ada, c.phaseId)).body.id;
    const detail = (await ada.json('GET', `/api/submissions/${first}`)).body;
    expect(detail).toMatchObject({ status: 'submitted', runs: [{ status: 'queued', held: true }] });
    // Nothing reaches the workers' queue meanwhile (the dispatcher's sweep runs every second or so).
    await new Promise((r) => setTimeout(r, 2500));
    expect(await fx.publishedJobs()).not.toEqual(expect.arrayContaining([first]));
    expect(await fx.publishedJobs()).not.toEqual(expect.arrayContaining([second]));

    expect((await ada.json('POST', `/api/submissions/${first}/run`)).status).toBe(404);
    expect((await organizer.json('POST', `/api/submissions/${first}/run`)).body).toEqual({ released: 1 });
    expect((await fx.jobFor(first)).submissionId).toBe(first);
    expect((await organizer.json('POST', `/api/submissions/${first}/run`)).status).toBe(409);
    expect((await ada.json('POST', `/api/phases/${c.phaseId}/run-held`)).status).toBe(403);
    expect((await organizer.json('POST', `/api/phases/${c.phaseId}/run-held`)).body).toEqual({ released: 1 });
    expect((await fx.jobFor(second)).submissionId).toBe(second);
  });

  it('runs no prediction step in a scoring-only phase (CodaLab is_scoring_only, its default), and one where it is off', async () => {
    const parts = '    ingestion_program: ingestion_program.zip\n    input_data: input_data.zip\n';
    const only = await v1(at(V1_BASE, '    reference_data: reference_data.zip\n', parts));
    expect(only.warnings).toEqual([
      expect.objectContaining({ path: 'phases.1.ingestion_program', message: expect.stringMatching(/never run/) }),
    ]);
    const both = await v1(
      at(V1_BASE, '    reference_data: reference_data.zip\n', `${parts}    is_scoring_only: False\n`),
    );
    for (const c of [only, both]) {
      await fx.register(ada, c.id);
    }
    const a = await fx.jobFor((await fx.submit(ada, only.phases[0].id)).body.id);
    expect(a.scoringOnly).toBe(true);
    expect(a.files.sort()).toEqual(['reference_data', 'scoring_program', 'submission']);
    const b = await fx.jobFor((await fx.submit(ada, both.phases[0].id)).body.id);
    expect(b.scoringOnly).toBeUndefined();
    expect(b.files.sort()).toEqual([
      'ingestion_program',
      'input_data',
      'reference_data',
      'scoring_program',
      'submission',
    ]);
  });

  it("refuses a submission larger than the phase's max_submission_size", async () => {
    const c = await v1(at(V1_BASE, '    reference_data: reference_data.zip\n', '    max_submission_size: 1\n'));
    await fx.register(ada, c.id);
    const dir = join(fx.tmp, `big-${randomBytes(3).toString('hex')}`);
    await mkdir(dir);
    await writeFile(join(dir, 'predictions.bin'), randomBytes(1536 * 1024));
    const big = await ada.upload(
      `/api/phases/${c.phases[0].id}/submissions`,
      'file',
      await zipFolder(dir, `${dir}.zip`),
    );
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/this phase accepts at most 1 MB/);
    expect((await fx.submit(ada, c.phases[0].id)).status).toBe(201);
  });
});
