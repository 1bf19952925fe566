import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team submissions now rank for their team (leaderboards/entrant.ts): rows and picks stored under the member who
 * submitted move to the team. A board whose rule keeps one row per entrant may then hold two rows of one team
 * until its next update or a rebuild (POST /api/competitions/:id/leaderboards/rebuild) merges them.
 */
export class LeaderboardTeamEntrants1763941000000 implements MigrationInterface {
  name = 'LeaderboardTeamEntrants1763941000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['leaderboard_entries', 'leaderboard_picks']) {
      await q.query(
        `UPDATE ${table} x SET entrant_id = s.team_id FROM submissions s
          WHERE s.id = x.submission_id AND s.team_id IS NOT NULL AND x.entrant_id <> s.team_id`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['leaderboard_entries', 'leaderboard_picks']) {
      await q.query(
        `UPDATE ${table} x SET entrant_id = s.owner_id FROM submissions s
          WHERE s.id = x.submission_id AND s.team_id IS NOT NULL AND x.entrant_id <> s.owner_id`,
      );
    }
  }
}
