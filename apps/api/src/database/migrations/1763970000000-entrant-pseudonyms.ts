import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymous leaderboards show each entrant as a pseudonym ("Participant 417", "Team 82"): a number per competition
 * and kind, drawn at random when the user registers or first submits, or when the team is created, then never
 * changed. Drawn at random, not counted up, so that it tells nothing of the name, the user id or the order of
 * registration. A trigger draws it on every insert that makes an entrant (registration, team, submission, a
 * re-run or an organizer's own submission alike), so no path can forget to.
 */
export class EntrantPseudonyms1763970000000 implements MigrationInterface {
  name = 'EntrantPseudonyms1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entrant_pseudonyms (
        competition_id uuid NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
        -- A user id or a team id, as leaderboard_entries.entrant_id.
        entrant_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('user', 'team')),
        number int NOT NULL CHECK (number > 0),
        PRIMARY KEY (competition_id, entrant_id),
        UNIQUE (competition_id, kind, number)
      )`);
    // One number at a time per competition and kind (the lock), each a free one drawn from a range ten times the
    // numbers given (at least 1000): a draw rarely needs a second try. The lock is only taken for a new entrant.
    await q.query(`
      CREATE FUNCTION arena_entrant_pseudonym(competition uuid, entrant uuid, entrant_kind text) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        taken int;
        n int;
      BEGIN
        IF entrant IS NULL
           OR EXISTS (SELECT 1 FROM entrant_pseudonyms WHERE competition_id = competition AND entrant_id = entrant) THEN
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('entrant_pseudonyms:' || competition || ':' || entrant_kind, 0));
        SELECT count(*) INTO taken FROM entrant_pseudonyms WHERE competition_id = competition AND kind = entrant_kind;
        LOOP
          n := 1 + floor(random() * greatest(1000, 10 * (taken + 1)))::int;
          EXIT WHEN NOT EXISTS (SELECT 1 FROM entrant_pseudonyms
                                 WHERE competition_id = competition AND kind = entrant_kind AND number = n);
        END LOOP;
        INSERT INTO entrant_pseudonyms (competition_id, entrant_id, kind, number)
          VALUES (competition, entrant, entrant_kind, n)
          ON CONFLICT (competition_id, entrant_id) DO NOTHING;
      END $$`);
    await q.query(`
      CREATE FUNCTION arena_entrant_pseudonym_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'participants' THEN
          PERFORM arena_entrant_pseudonym(NEW.competition_id, NEW.user_id, 'user');
        ELSIF TG_TABLE_NAME = 'teams' THEN
          PERFORM arena_entrant_pseudonym(NEW.competition_id, NEW.id, 'team');
        ELSE
          PERFORM arena_entrant_pseudonym(NEW.competition_id, NEW.owner_id, 'user');
          PERFORM arena_entrant_pseudonym(NEW.competition_id, NEW.team_id, 'team');
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['participants', 'teams', 'submissions']) {
      await q.query(
        `CREATE TRIGGER ${table}_entrant_pseudonym AFTER INSERT ON ${table}
           FOR EACH ROW EXECUTE FUNCTION arena_entrant_pseudonym_on_insert()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['participants', 'teams', 'submissions']) {
      await q.query(`DROP TRIGGER ${table}_entrant_pseudonym ON ${table}`);
    }
    await q.query('DROP FUNCTION arena_entrant_pseudonym_on_insert()');
    await q.query('DROP FUNCTION arena_entrant_pseudonym(uuid, uuid, text)');
    await q.query('DROP TABLE entrant_pseudonyms');
  }
}
