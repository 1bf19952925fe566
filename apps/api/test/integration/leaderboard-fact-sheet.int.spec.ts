import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';

// One answer is shown on the leaderboard (is_on_leaderboard), the other is not.
const FACT_SHEET = `fact_sheet:
  method:
    key: method
    type: text
    title: Method
    selection: ''
    is_required: true
    is_on_leaderboard: true
  open_source:
    key: open_source
    type: checkbox
    title: Is your code open source?
    selection: [true, false]
    is_required: true
    is_on_leaderboard: false
docker_image:`;

describe('fact-sheet answers marked is_on_leaderboard appear as leaderboard columns', () => {
  let fx: ArenaFixture;

  beforeAll(async () => {
    fx = await ArenaFixture.start();
  });

  afterAll(async () => {
    await fx?.stop();
  });

  it('shows the answer in every board row, in the CSV export, and not the answers kept off the board', async () => {
    const organizer = await fx.user('org');
    const ada = await fx.user('ada');
    const c = await fx.competition(organizer, [['docker_image:', FACT_SHEET]]);
    await fx.register(ada, c.id);
    const r = await fx.submit(ada, c.phaseId, {
      factSheet: JSON.stringify({ method: 'gradient boosting', open_source: false }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await fx.finishAs(r.body.id, 'finished');

    const { body } = await ada.json('GET', `/api/phases/${c.phaseId}/leaderboard`);
    const [board] = body.leaderboards;
    expect(board.factSheetColumns).toEqual([{ key: 'method', title: 'Method' }]);
    expect(board.rows[0]).toMatchObject({ submissionId: r.body.id, factSheet: { method: 'gradient boosting' } });
    expect(board.rows[0].factSheet).not.toHaveProperty('open_source');

    const csv = await (await ada.raw(`/api/phases/${c.phaseId}/leaderboards/${board.key}/export?format=csv`)).text();
    const [header, row] = csv.trim().split('\r\n');
    expect(header.split(',').at(-1)).toBe('method');
    expect(row.split(',').at(-1)).toBe('gradient boosting');
    expect(csv).not.toContain('open_source');
  });
});
