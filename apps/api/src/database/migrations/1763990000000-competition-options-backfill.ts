import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Competitions stored before `model.options` existed get it: a v1 import from the CodaLab flags it kept in
 * `extra.codalab.competition` (with CodaLab's defaults), a v2 one Arena's defaults for v2. Teams stay enabled where a
 * competition already has teams, so that no existing team loses its standing. Phase colours and submission size caps
 * come from the kept v1 phase settings. A v1 phase's `is_scoring_only` is not applied to competitions already running:
 * their runs keep the prediction step they had (new imports honour it).
 */
export class CompetitionOptionsBackfill1763990000000 implements MigrationInterface {
  name = 'CompetitionOptionsBackfill1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH flags AS (
        SELECT c.id, c.format,
               coalesce(c.model #> '{extra,codalab,competition}', '{}'::jsonb) AS f,
               EXISTS (SELECT 1 FROM teams t WHERE t.competition_id = c.id) AS has_teams
          FROM competitions c
         WHERE NOT (c.model ? 'options')
      )
      UPDATE competitions c
         SET model = jsonb_set(c.model, '{options}', jsonb_build_object(
               'enableTeams', CASE WHEN flags.format = 'v1'
                                   THEN coalesce((flags.f ->> 'enable_teams')::boolean, false) OR flags.has_teams
                                   ELSE true END,
               'requireTeamApproval', CASE WHEN flags.format = 'v1'
                                   THEN coalesce((flags.f ->> 'require_team_approval')::boolean, true) AND NOT flags.has_teams
                                   ELSE false END,
               'enableSubmissionMetadata', coalesce((flags.f ->> 'enable_per_submission_metadata')::boolean, false),
               'showSubmissionMetadataOnLeaderboard', false,
               'disallowLeaderboardModifying', coalesce((flags.f ->> 'disallow_leaderboard_modifying')::boolean, false),
               'hideTopThree', coalesce((flags.f ->> 'hide_top_three')::boolean, false),
               'hideChart', coalesce((flags.f ->> 'hide_chart')::boolean, false),
               'urlRedirect', CASE WHEN flags.f ->> 'url_redirect' ~* '^https?://[^[:space:]/?#]+' THEN flags.f -> 'url_redirect'
                                   ELSE 'null'::jsonb END))
        FROM flags
       WHERE flags.id = c.id;
    `);
    // v1 phases: colour and size cap from the settings kept per phase (same order as the model's phases).
    await q.query(`
      UPDATE competitions c
         SET model = jsonb_set(c.model, '{phases}', (
               SELECT coalesce(jsonb_agg(
                        p.phase
                        || CASE WHEN x.extra ->> 'color' IN ('white', 'orange', 'yellow', 'green', 'blue', 'purple')
                                THEN jsonb_build_object('color', x.extra -> 'color') ELSE '{}'::jsonb END
                        || CASE WHEN (x.extra ->> 'max_submission_size') ~ '^[0-9]+$' AND (x.extra ->> 'max_submission_size')::int > 0
                                THEN jsonb_build_object('maxSubmissionSizeMb', (x.extra ->> 'max_submission_size')::int)
                                ELSE '{}'::jsonb END
                        ORDER BY p.i), '[]'::jsonb)
                 FROM jsonb_array_elements(c.model -> 'phases') WITH ORDINALITY AS p(phase, i)
                 LEFT JOIN jsonb_array_elements(coalesce(c.model #> '{extra,codalab,phases}', '[]'::jsonb))
                           WITH ORDINALITY AS x(extra, i) ON x.i = p.i))
       WHERE c.format = 'v1' AND jsonb_typeof(c.model -> 'phases') = 'array';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE competitions SET model = model - 'options'`);
  }
}
