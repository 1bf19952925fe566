import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pseudonyms for the entrants that existed before them (registered users, submitters, teams), drawn as the trigger
 * of 1763970000000 draws them (distinct random numbers from a range ten times the count, at least 1000); and the
 * competitions' stored models get `anonymousLeaderboard`, on where a CodaLab v1 import kept `anonymous_leaderboard:
 * true` in its extras.
 */
export class EntrantPseudonymsBackfill1763970000001 implements MigrationInterface {
  name = 'EntrantPseudonymsBackfill1763970000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH entrants AS (
        SELECT competition_id, user_id AS entrant_id, 'user' AS kind FROM participants
        UNION SELECT competition_id, owner_id, 'user' FROM submissions
        UNION SELECT competition_id, id, 'team' FROM teams
        UNION SELECT competition_id, team_id, 'team' FROM submissions WHERE team_id IS NOT NULL),
      sizes AS (SELECT competition_id, kind, count(*) AS n FROM entrants GROUP BY competition_id, kind),
      numbers AS (
        SELECT z.competition_id, z.kind, g.number,
               row_number() OVER (PARTITION BY z.competition_id, z.kind ORDER BY random()) AS k
          FROM sizes z CROSS JOIN LATERAL generate_series(1, greatest(1000, 10 * z.n)::int) AS g(number)),
      shuffled AS (
        SELECT e.*, row_number() OVER (PARTITION BY e.competition_id, e.kind ORDER BY random()) AS k FROM entrants e)
      INSERT INTO entrant_pseudonyms (competition_id, entrant_id, kind, number)
      SELECT s.competition_id, s.entrant_id, s.kind, n.number
        FROM shuffled s JOIN numbers n USING (competition_id, kind, k)
      ON CONFLICT DO NOTHING`);
    // Any entrant a conflict left out (one numbered meanwhile by the trigger) gets its number the trigger's way.
    await q.query(`
      SELECT arena_entrant_pseudonym(e.competition_id, e.entrant_id, e.kind) FROM (
        SELECT competition_id, user_id AS entrant_id, 'user' AS kind FROM participants
        UNION SELECT competition_id, owner_id, 'user' FROM submissions
        UNION SELECT competition_id, id, 'team' FROM teams
        UNION SELECT competition_id, team_id, 'team' FROM submissions WHERE team_id IS NOT NULL) e
       WHERE NOT EXISTS (SELECT 1 FROM entrant_pseudonyms p
                          WHERE p.competition_id = e.competition_id AND p.entrant_id = e.entrant_id)`);
    await q.query(`
      UPDATE competitions SET model = model || jsonb_build_object('anonymousLeaderboard',
          COALESCE(model #> '{extra,codalab,competition,anonymous_leaderboard}' = 'true'::jsonb, false))
       WHERE NOT model ? 'anonymousLeaderboard'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE competitions SET model = model - 'anonymousLeaderboard'`);
    await q.query('DELETE FROM entrant_pseudonyms');
  }
}
