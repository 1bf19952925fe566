import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';

/**
 * Issue 15, finding 1: a dataset may be named by key only by its owner, or by the organizers of a competition that
 * references it now (task rows, phase starting kits and public data, solutions). An id written in a competition's
 * text (its description, say) is no grant.
 */
describe('dataset use by key', () => {
  let fx: ArenaFixture;
  let o1: HttpClient;
  let o2: HttpClient;
  let theirs: { id: string; phaseId: string };
  let mine: { id: string; phaseId: string };
  let reference: string;

  const yamlOf = async (client: HttpClient, id: string): Promise<string> => {
    const r = await client.raw(`/api/competitions/${id}/yaml`);
    expect(r.status).toBe(200);
    return r.text();
  };
  const putYaml = (client: HttpClient, id: string, yaml: string) =>
    client.json('PUT', `/api/competitions/${id}/yaml`, { yaml });

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    o1 = await fx.user('o1');
    o2 = await fx.user('o2');
    theirs = await fx.competition(o1);
    mine = await fx.competition(o2);
    [{ reference_data_id: reference }] = await fx.db.query<{ reference_data_id: string }>(
      'SELECT reference_data_id FROM tasks WHERE competition_id = $1',
      [theirs.id],
    );
  }, 60_000);
  afterAll(() => fx?.stop());

  it("refuses another organizer's reference data named by key, even once its id is in the caller's own description", async () => {
    const own = await yamlOf(o2, mine.id);
    const stolen = own.replace(/reference_data: \S+/, `reference_data: ${reference}`);
    expect(stolen).not.toBe(own);
    const refused = await putYaml(o2, mine.id, stolen);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain(`dataset ${reference} does not exist or is not yours to use`);

    // The probe's steps: the id written into the caller's own competition text, then the same edit again.
    const described = await o2.json('PATCH', `/api/competitions/${mine.id}`, { description: `see ${reference}` });
    expect(described.status).toBe(200);
    const again = await putYaml(
      o2,
      mine.id,
      (await yamlOf(o2, mine.id)).replace(/reference_data: \S+/, `reference_data: ${reference}`),
    );
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain(`dataset ${reference} does not exist or is not yours to use`);
    const [task] = await fx.db.query<{ reference_data_id: string }>(
      'SELECT reference_data_id FROM tasks WHERE competition_id = $1',
      [mine.id],
    );
    expect(task.reference_data_id).not.toBe(reference);

    // Nor through a page or terms, nor through a new upload whose description names it.
    const paged = await o2.json('PUT', `/api/competitions/${mine.id}/pages`, {
      pages: [{ title: 'x', content: reference }],
    });
    expect(paged.status).toBe(200);
    expect((await putYaml(o2, mine.id, stolen.replace(/^description: .*$/m, `description: ${reference}`))).status).toBe(
      400,
    );
  });

  it('keeps what an organizer may use: own datasets, and those of a competition they co-organize while they do', async () => {
    const own = await yamlOf(o2, mine.id);
    expect((await putYaml(o2, mine.id, own)).status).toBe(200);
    const borrowed = own.replace(/reference_data: \S+/, `reference_data: ${reference}`);

    const me = (await o2.json('GET', '/api/auth/me')).body as { id: string; username: string };
    const added = await o1.json('POST', `/api/competitions/${theirs.id}/collaborators`, { username: me.username });
    expect(added.status).toBe(201);
    const removed = await o1.json('DELETE', `/api/competitions/${theirs.id}/collaborators/${me.id}`);
    expect(removed.status).toBeLessThan(300);
    // A former collaborator keeps nothing: the grant is the competition they organize now.
    expect((await putYaml(o2, mine.id, borrowed)).status).toBe(400);

    expect(
      (await o1.json('POST', `/api/competitions/${theirs.id}/collaborators`, { username: me.username })).status,
    ).toBe(201);
    const used = await putYaml(o2, mine.id, borrowed);
    expect(used.status, JSON.stringify(used.body)).toBe(200);
  });
});
