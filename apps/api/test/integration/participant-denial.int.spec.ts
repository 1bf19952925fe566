import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';

/** Issue 15, finding 5: a denial sticks, whatever the approval mode, until an organizer decides otherwise. */
describe('a denied participant cannot undo the denial', () => {
  let fx: ArenaFixture;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });
  afterAll(() => fx?.stop());

  it('by leaving and registering again in a competition that approves automatically', async () => {
    const organizer = await fx.user('org');
    const dan = await fx.user('dan');
    const c = await fx.competition(organizer); // registration_auto_approve: true
    await fx.register(dan, c.id);
    const danId = (await dan.json('GET', '/api/auth/me')).body.id as string;
    const denied = await organizer.json('POST', `/api/competitions/${c.id}/participants/${danId}/deny`);
    expect(denied.body.status).toBe('denied');

    const left = await dan.json('DELETE', `/api/competitions/${c.id}/participation`);
    expect(left.status).toBe(409);
    expect(left.body.message).toMatch(/denied registration stays until an organizer decides/);
    const again = await dan.json('POST', `/api/competitions/${c.id}/participation`, { acceptTerms: true });
    expect(again.body.status).toBe('denied');
    expect((await dan.json('GET', `/api/competitions/${c.id}/participation`)).body.status).toBe('denied');
    expect((await fx.submit(dan, c.phaseId)).status).toBe(403);

    // The organizer's decision lifts it.
    expect((await organizer.json('POST', `/api/competitions/${c.id}/participants/${danId}/approve`)).body.status).toBe(
      'approved',
    );
    expect((await fx.submit(dan, c.phaseId)).status).toBe(201);
  });
});
