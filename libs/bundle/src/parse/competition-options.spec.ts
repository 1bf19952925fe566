import { describe, expect, it } from 'vitest';
import type { BundleProblem } from '../competition.model';
import { fileIndex } from '../testing/bundle-fixture';
import { TYPICAL_V1_YAML, typicalV1Files } from '../testing/v1-bundle.fixture';
import { FULL_V2_YAML, fullV2Files } from '../testing/v2-bundle.fixture';
import { toCompetitionYaml } from '../write/competition-yaml.writer';
import { NO_EFFECT, OPTION_DEFAULTS } from './competition-options';
import { parseCompetitionYaml } from './parse-competition-yaml';

const v1 = (yaml: string) => parseCompetitionYaml(yaml, fileIndex(typicalV1Files()));
const v2 = (yaml: string) => parseCompetitionYaml(yaml, fileIndex(fullV2Files()));
const noEffect = (problems: BundleProblem[]) =>
  problems.filter((p) => p.severity === 'warning' && p.message.includes(NO_EFFECT)).map((p) => p.path);
const V1_BASE = TYPICAL_V1_YAML.replace('enable_forum: True\n', '');

describe('CodaLab v1 flags that Arena honours', () => {
  it('uses CodaLab defaults: no teams, approval required, nothing hidden', () => {
    const { model, problems } = v1(V1_BASE);
    expect(problems).toEqual([]);
    expect(model!.options).toEqual(OPTION_DEFAULTS.v1);
  });

  it('reads every flag', () => {
    const yaml = V1_BASE.replace(
      'force_submission_to_leaderboard: False',
      'force_submission_to_leaderboard: True',
    ).replace(
      'allow_public_submissions: True\n',
      `allow_public_submissions: True
enable_teams: True
require_team_approval: False
enable_per_submission_metadata: True
show_submission_metadata_on_leaderboard: True
disallow_leaderboard_modifying: True
hide_top_three: True
hide_chart: True
url_redirect: https://example.org/elsewhere
`,
    );
    const { model, problems } = v1(yaml);
    expect(problems).toEqual([]);
    expect(model!.options).toEqual({
      enableTeams: true,
      requireTeamApproval: false,
      enableSubmissionMetadata: true,
      showSubmissionMetadataOnLeaderboard: true,
      disallowLeaderboardModifying: true,
      hideTopThree: true,
      hideChart: true,
      urlRedirect: 'https://example.org/elsewhere',
    });
    // Through a (version 2) export and back, nothing changes.
    const again = v1(toCompetitionYaml(model!));
    expect(again.format).toBe('v2');
    expect(again.model!.options).toEqual(model!.options);
  });

  it('says that locked picks keep every submission off a board where participants choose its entries', () => {
    const { problems } = v1(
      V1_BASE.replace(
        'allow_public_submissions: True\n',
        'allow_public_submissions: True\ndisallow_leaderboard_modifying: True\n',
      ),
    );
    expect(problems).toMatchObject([
      { severity: 'warning', path: 'disallow_leaderboard_modifying', message: /no submission would reach it/ },
    ]);
  });

  it('refuses a redirect that is not an http(s) address', () => {
    const { problems } = v1(
      V1_BASE.replace(
        'enable_detailed_results: True\n',
        'enable_detailed_results: True\nurl_redirect: javascript:alert(1)\n',
      ),
    );
    expect(problems).toMatchObject([{ severity: 'error', path: 'url_redirect' }]);
  });

  it('caps each phase submission size by upper_bound_max_submission_size, and reads phase colours', () => {
    const yaml = V1_BASE.replace(
      'end_date: 2026-12-31\n',
      'end_date: 2026-12-31\nupper_bound_max_submission_size: 300\n',
    ).replace('    max_submissions: 100\n', '    max_submissions: 100\n    max_submission_size: 500\n');
    const { model, problems } = v1(yaml);
    expect(problems).toEqual([]);
    expect(model!.phases.map((p) => [p.color, p.maxSubmissionSizeMb])).toEqual([
      ['green', 300],
      [undefined, 300],
    ]);
  });

  it('runs no prediction step in a scoring-only phase (CodaLab default), and says so when an ingestion program is given', () => {
    const { model, problems } = v1(V1_BASE.replace('    is_scoring_only: False\n', ''));
    expect(model!.phases.map((p) => p.scoringOnly)).toEqual([true, true]);
    expect(problems).toMatchObject([{ severity: 'warning', path: 'phases.2.ingestion_program', message: /never run/ }]);
    expect(v1(V1_BASE).model!.phases.map((p) => p.scoringOnly)).toEqual([true, undefined]);
  });
});

describe('keys that ask for what Arena does not do are named, with their reason', () => {
  it('v1 competition and phase keys', () => {
    const yaml = V1_BASE.replace(
      'allow_public_submissions: True\n',
      `allow_public_submissions: True
enable_forum: True
enable_medical_image_viewer: True
allow_teams: True
allow_organizer_teams: True
published: False
`,
    )
      .replace(
        '    max_submissions: 100\n',
        `    max_submissions: 100
    delete_submissions_except_best_and_last: True
    scoring_program_docker_image: codalab/other:1
    default_docker_image: codalab/other:2
    ingestion_program_docker_image: codalab/other:3
    disable_custom_docker_image: False
`,
      )
      .replace(
        '      numeric_format: 4\n',
        '      numeric_format: 4\n      show_rank: True\n      description: The first set\n',
      );
    const { model, problems } = v1(yaml);
    expect(model).toBeDefined();
    expect(noEffect(problems).sort()).toEqual(
      [
        'enable_forum',
        'enable_medical_image_viewer',
        'allow_teams',
        'allow_organizer_teams',
        'phases.1.delete_submissions_except_best_and_last',
        'phases.1.scoring_program_docker_image',
        'phases.1.default_docker_image',
        'phases.1.ingestion_program_docker_image',
        'phases.1.disable_custom_docker_image',
        'leaderboard.columns.set1_score.show_rank',
        'leaderboard.columns.set1_score.description',
      ].sort(),
    );
    for (const p of problems) {
      expect(p.message).toMatch(/^[a-z_]+: kept, but has no effect here \(.+\)$/);
    }
    // published takes effect (an unlisted competition): no warning.
    expect(model!.published).toBe(false);
  });

  it('their defaults ask for nothing, so they say nothing', () => {
    const yaml = V1_BASE.replace(
      'allow_public_submissions: True\n',
      'allow_public_submissions: True\nenable_forum: False\npublished: True\nallow_teams: False\n',
    ).replace('    max_submissions: 100\n', '    max_submissions: 100\n    disable_custom_docker_image: True\n');
    expect(v1(yaml).problems).toEqual([]);
  });

  it('a bad value is reported once, as an error, and not as a setting without effect', () => {
    const { problems } = v1(
      V1_BASE.replace('allow_public_submissions: True\n', 'allow_public_submissions: True\npublished: maybe\n'),
    );
    expect(problems).toMatchObject([{ severity: 'error', path: 'published' }]);
    expect(problems).toHaveLength(1);
  });

  it('v2: a forum asked for in so many words, and a task shared with others', () => {
    const yaml = FULL_V2_YAML.replace('forum_enabled: false', 'forum_enabled: true').replace(
      'is_public: false',
      'is_public: true',
    );
    expect(noEffect(v2(yaml).problems).sort()).toEqual(['forum_enabled', 'tasks[0].is_public']);
  });

  it('v2 reads the v1 flags under their v1 names, with the defaults Arena always had for v2', () => {
    const { model, problems } = v2(`${FULL_V2_YAML}enable_teams: false\nhide_chart: true\n`);
    expect(problems).toEqual([]);
    expect(model!.options).toEqual({ ...OPTION_DEFAULTS.v2, enableTeams: false, hideChart: true });
    expect(v2(FULL_V2_YAML).model!.options).toEqual(OPTION_DEFAULTS.v2);
  });

  it('v2 accepts_only_result_submissions, documented by Codabench and never implemented there, makes a phase scoring-only', () => {
    const yaml = FULL_V2_YAML.replace(
      '    auto_migrate_to_this_phase: true\n',
      '    auto_migrate_to_this_phase: true\n    accepts_only_result_submissions: true\n',
    );
    const { model, problems } = v2(yaml);
    expect(problems).toEqual([]);
    expect(model!.phases.some((p) => p.scoringOnly)).toBe(true);
  });
});
