import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../../src/clock/clock';
import { AutoMigrationService } from '../../src/submissions/auto-migration.service';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

const FINAL_PHASE = `    execution_time_limit: 120
  - index: 1
    name: Final
    description: Scored again on the same file.
    start: 2030-01-01
    tasks: [0]
    auto_migrate_to_this_phase: true
    max_submissions: 1
    execution_time_limit: 120`;

describe('auto-migration into a phase with auto_migrate_to_this_phase, from the periodic sweep', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let ada: HttpClient;
  let bob: HttpClient;
  let devPhase: string;
  let finalPhase: string;
  let now: Date;

  const migrations = async () =>
    (
      await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM phase_migrations WHERE phase_id = $1', [
        finalPhase,
      ])
    )[0].n;
  const inFinal = () =>
    fx.db.query<{ id: string; owner_id: string; rerun_of: string | null }>(
      'SELECT id, owner_id, rerun_of FROM submissions WHERE phase_id = $1',
      [finalPhase],
    );
  const waitFor = async (check: () => Promise<boolean>, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) {
        throw new Error('timed out');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start({ AUTO_MIGRATION_INTERVAL_MS: '200' });
    now = new Date();
    vi.spyOn(fx.api.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    organizer = await fx.user('org');
    ada = await fx.user('ada');
    bob = await fx.user('bob');
    const c = await fx.competition(organizer, [
      ['    start: 2025-01-01', '    start: 2025-01-01\n    end: 2030-01-01'],
      ['    execution_time_limit: 120', FINAL_PHASE],
    ]);
    devPhase = c.phaseId;
    const detail = await organizer.json('GET', `/api/competitions/${c.id}`);
    finalPhase = detail.body.phases.find((p: { name: string }) => p.name === 'Final').id;
    for (const u of [ada, bob]) {
      await fx.register(u, c.id);
    }
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it("re-runs each participant's latest finished submission of the previous phase once the phase opens, once", async () => {
    const submit = async (who: HttpClient, end?: 'finished' | 'failed') => {
      now = new Date(now.getTime() + 1000);
      const r = await fx.submit(who, devPhase);
      expect(r.status).toBe(201);
      if (end) {
        await fx.finishAs(r.body.id, end);
      }
      return r.body.id as string;
    };
    await submit(ada, 'finished');
    const adaLatest = await submit(ada, 'finished');
    await submit(ada, 'failed');
    await submit(ada); // still in flight: migration does not wait for it
    await submit(bob, 'failed');

    // The final phase is upcoming: several sweeps pass and nothing moves.
    await new Promise((r) => setTimeout(r, 700));
    expect(await migrations()).toBe(0);

    now = new Date('2030-01-01T00:00:05Z');
    // The sweep records its claim, then creates the re-run: wait for both.
    await waitFor(async () => (await migrations()) === 1 && (await inFinal()).length === 1);
    const [migrated] = await inFinal();
    const adaId = (await ada.json('GET', '/api/auth/me')).body.id;
    expect(migrated).toMatchObject({ owner_id: adaId, rerun_of: adaLatest });
    const job = await fx.jobFor(migrated.id);
    expect(job).toMatchObject({ submissionId: migrated.id, phaseId: finalPhase });

    // Once: more sweeps, periodic and direct, add nothing.
    await fx.api.app.get(AutoMigrationService).sweep();
    await new Promise((r) => setTimeout(r, 500));
    expect(await fx.api.app.get(AutoMigrationService).sweep()).toBe(0);
    expect(await inFinal()).toHaveLength(1);

    // It does not count: ada still has her one submission of the final phase.
    const limits = await ada.json('GET', `/api/phases/${finalPhase}/limits`);
    expect(limits.body).toMatchObject({ phaseState: 'open', total: { max: 1, count: 0 } });
    const own = await fx.submit(ada, finalPhase);
    expect(own.status).toBe(201);
    expect((await fx.submit(ada, finalPhase)).status).toBe(429);
    const seen = await ada.json('GET', `/api/submissions/${migrated.id}`);
    expect(seen.body).toMatchObject({ phaseId: finalPhase, rerunOf: adaLatest });
  });

  it('does not migrate again a migrated submission that an organizer deleted', async () => {
    const [migrated] = (await inFinal()).filter((s) => s.rerun_of);
    expect((await organizer.json('POST', `/api/submissions/${migrated.id}/cancel`)).status).toBeLessThan(300);
    expect((await organizer.json('DELETE', `/api/submissions/${migrated.id}`)).status).toBe(204);
    expect(await fx.api.app.get(AutoMigrationService).sweep()).toBe(0);
    expect((await inFinal()).filter((s) => s.rerun_of)).toHaveLength(0);
  });
});
