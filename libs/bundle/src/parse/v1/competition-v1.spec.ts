import { describe, expect, it } from 'vitest';
import type { BundleProblem } from '../../competition.model';
import { formatProblem } from '../../problems/bundle-problem';
import { fileIndex } from '../../testing/bundle-fixture';
import { TYPICAL_V1_YAML, typicalV1Files } from '../../testing/v1-bundle.fixture';
import { parseCompetitionYaml } from '../parse-competition-yaml';

const files = fileIndex(typicalV1Files());
const parse = (yaml: string) => parseCompetitionYaml(yaml, files);
const errors = (problems: BundleProblem[]) => problems.filter((p) => p.severity === 'error');
const warnings = (problems: BundleProblem[]) => problems.filter((p) => p.severity === 'warning');

const MINIMAL_V1 = `title: Minimal v1
html:
  overview: overview.html
  evaluation: evaluation.html
  terms: terms_and_conditions.html
  data: data.html
phases:
  0:
    phasenumber: 1
    label: Only
    start_date: 2026-01-01
    scoring_program: scoring_program.zip
    reference_data: reference_data_dev.zip
leaderboard:
  leaderboards:
    Results: &R {label: Results, rank: 1}
  columns:
    score: {leaderboard: *R, label: Score}
`;

describe('v1: a typical CodaLab 1.5 competition', () => {
  const result = parse(TYPICAL_V1_YAML);

  it('is read without problems, telling only that the forum it asks for does not exist here', () => {
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        file: 'competition.yaml',
        path: 'enable_forum',
        line: 16,
        message: 'enable_forum: kept, but has no effect here (Arena has no forum yet)',
      },
    ]);
    expect(result.format).toBe('v1');
    expect(result.summary).toEqual({ title: 'Typical CodaLab', phases: 2, tasks: 2, leaderboards: 1 });
  });

  it('maps the competition keys with CodaLab semantics', () => {
    expect(result.model).toMatchObject({
      format: 'v1',
      sourceVersion: '1.5',
      title: 'Typical CodaLab',
      description: 'A v1.5 competition',
      image: 'logo.png',
      terms: 'terms_and_conditions.html',
      pages: [
        { title: 'overview', file: 'overview.html' },
        { title: 'evaluation', file: 'evaluation.html' },
        { title: 'data', file: 'data.html' },
      ],
      dockerImage: 'codalab/codalab-legacy:py3',
      queue: null,
      registrationAutoApprove: false,
      enableDetailedResults: true,
      canParticipantsMakeSubmissionsPublic: true,
      forumEnabled: true,
      anonymousLeaderboard: true,
      competitionType: 'competition',
      factSheet: null,
      solutions: [],
    });
  });

  it('turns each phase into one task, ending each phase when the next starts (offsets converted)', () => {
    expect(result.model?.tasks).toEqual([
      {
        index: 0,
        name: 'Development Task',
        description: 'Tune your model',
        scoringProgram: { path: 'scoring_program.zip' },
        referenceData: { path: 'reference_data_dev.zip' },
        ingestionOnlyDuringScoring: false,
      },
      {
        index: 1,
        name: 'Final Task',
        description: '',
        scoringProgram: { path: 'scoring_program.zip' },
        ingestionProgram: { path: 'ingestion_program.zip' },
        inputData: { path: 'input_data_final.zip' },
        referenceData: { path: 'reference_data_final.zip' },
        ingestionOnlyDuringScoring: false,
      },
    ]);
    expect(result.model?.phases).toEqual([
      {
        index: 0,
        name: 'Development',
        description: 'Tune your model',
        start: '2026-01-01T00:00:00.000Z',
        end: '2026-06-01T10:00:00.000Z',
        taskIndexes: [0],
        maxSubmissionsPerDay: 999,
        maxSubmissions: 100,
        executionTimeLimitSec: 300,
        autoMigrateToThisPhase: false,
        hideOutput: false,
        hidePredictionOutput: false,
        hideScoreOutput: false,
        // is_scoring_only left to CodaLab's default (True): no prediction step.
        scoringOnly: true,
        color: 'green',
      },
      {
        index: 1,
        name: 'Final',
        description: '',
        start: '2026-06-01T10:00:00.000Z',
        end: '2026-12-31T00:00:00.000Z',
        taskIndexes: [1],
        maxSubmissionsPerDay: 1,
        maxSubmissions: 5,
        executionTimeLimitSec: 600,
        autoMigrateToThisPhase: true,
        hideOutput: false,
        hidePredictionOutput: false,
        hideScoreOutput: false,
      },
    ]);
  });

  it('keeps the average-rank column as a rank aggregate, ordered by rank, primary by selection_default', () => {
    expect(result.model?.leaderboards).toEqual([
      {
        key: 'Results',
        title: 'RESULTS',
        index: 0,
        hidden: false,
        primaryIndex: 0,
        submissionRule: 'Add',
        columns: [
          {
            key: 'ave_score',
            title: '<Rank>',
            index: 0,
            sorting: 'asc',
            precision: 2,
            hidden: false,
            rankAggregate: { method: 'avgRank', indexes: [1, 2] },
          },
          {
            key: 'set1_score',
            title: 'Set 1',
            index: 1,
            sorting: 'desc',
            precision: 4,
            hidden: false,
            group: 'Test sets',
          },
          {
            key: 'set2_score',
            title: 'Set 2',
            index: 2,
            sorting: 'asc',
            precision: 2,
            hidden: false,
            group: 'Test sets',
          },
        ],
      },
    ]);
  });

  it('keeps what the model has no field for in extra.codalab', () => {
    const codalab = result.model?.extra.codalab as Record<string, Record<string, unknown>>;
    expect(codalab.competition).toMatchObject({
      has_registration: true,
      force_submission_to_leaderboard: false,
      anonymous_leaderboard: true,
      admin_names: 'alice, bob',
      end_date: '2026-12-31T00:00:00.000Z',
    });
    expect(codalab.phases).toEqual([
      {
        phasenumber: 1,
        is_scoring_only: true,
        leaderboard_management_mode: 'default',
        force_best_submission_to_leaderboard: false,
        disable_custom_docker_image: true,
        delete_submissions_except_best_and_last: false,
        phase_never_ends: false,
        datasets: { 1: { name: 'Extra', url: 'https://example.org/extra.zip', description: 'More data' } },
      },
      {
        phasenumber: 2,
        is_scoring_only: false,
        leaderboard_management_mode: 'default',
        force_best_submission_to_leaderboard: false,
        disable_custom_docker_image: true,
        delete_submissions_except_best_and_last: false,
        phase_never_ends: false,
      },
    ]);
    expect(codalab.leaderboard).toEqual({
      leaderboards: { Results: { label: 'RESULTS', rank: 1 } },
      column_groups: { Sets: { label: 'Test sets', rank: 1 } },
      columns: {
        set1_score: {
          leaderboard: 'Results',
          rank: 2,
          numeric_format: 4,
          selection_default: 0,
          show_rank: true,
          column_group: 'Sets',
        },
        set2_score: {
          leaderboard: 'Results',
          rank: 3,
          numeric_format: 2,
          selection_default: 0,
          show_rank: true,
          column_group: 'Sets',
        },
        ave_score: {
          leaderboard: 'Results',
          rank: 1,
          numeric_format: 2,
          selection_default: 1,
          show_rank: false,
          computed: { operation: 'Avg', fields: ['set1_score', 'set2_score'] },
        },
      },
    });
    expect(JSON.parse(JSON.stringify(result.model))).toEqual(result.model);
  });
});

describe('v1: defaults and conversions', () => {
  it('uses CodaLab defaults, not Codabench ones, and warns about the missing version', () => {
    const result = parse(MINIMAL_V1);
    expect(errors(result.problems)).toEqual([]);
    expect(warnings(result.problems).map(formatProblem)).toEqual([
      'warning: competition.yaml: version: version is missing; the file is read as CodaLab v1 (add version: 1.5 to say so) (line 1)',
    ]);
    expect(result.model).toMatchObject({
      sourceVersion: null,
      registrationAutoApprove: true,
      forumEnabled: false,
      anonymousLeaderboard: false,
      canParticipantsMakeSubmissionsPublic: false,
      dockerImage: 'codalab/codalab-legacy:py37',
    });
    expect(result.model?.phases[0]).toMatchObject({
      end: null,
      maxSubmissionsPerDay: 999,
      maxSubmissions: 100,
      executionTimeLimitSec: 300,
    });
  });

  it.each([['1'], ['1.5'], ['1.8'], ["'1.5'"]])('reads version %s as v1', (v) => {
    const result = parse(`version: ${v}\n${MINIMAL_V1}`);
    expect(result.format).toBe('v1');
    expect(result.problems).toEqual([]);
  });

  it('reads !!python/unicode strings of old CodaLab dumps', () => {
    const yaml = MINIMAL_V1.replace('title: Minimal v1', "title: !!python/unicode 'Old dump'").replace(
      'label: Only',
      'label: !!python/unicode Only',
    );
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    expect(result.model?.title).toBe('Old dump');
    expect(result.model?.phases[0].name).toBe('Only');
  });

  it.each([
    ['force_submission_to_leaderboard: True', '', 'Force_Last'],
    ['', '    force_best_submission_to_leaderboard: True', 'Force_Best'],
    ['', '    leaderboard_management_mode: hide_results', 'Force_Last'],
    ['', '', 'Add'],
  ])('derives the submission rule from v1 flags (%s%s)', (top, phase, rule) => {
    const yaml = MINIMAL_V1.replace('title: Minimal v1', `title: Minimal v1\n${top}`).replace(
      '    reference_data: reference_data_dev.zip',
      `    reference_data: reference_data_dev.zip\n${phase}`,
    );
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    expect(result.model?.leaderboards[0].submissionRule).toBe(rule);
  });

  it('hides the columns a phase lists in hidden_columns', () => {
    const yaml = MINIMAL_V1.replace(
      '    reference_data: reference_data_dev.zip',
      '    reference_data: reference_data_dev.zip\n    hidden_columns: "score, other"',
    );
    expect(parse(yaml).model?.leaderboards[0].columns[0].hidden).toBe(true);
  });

  it('maps MRR and weighted Avg, and keeps Max as a plain column with a warning', () => {
    const yaml = MINIMAL_V1.replace(
      '    score: {leaderboard: *R, label: Score}',
      [
        '    a: {leaderboard: *R, rank: 1}',
        '    b: {leaderboard: *R, rank: 2}',
        '    mrr: {leaderboard: *R, rank: 3, computed: {operation: MRR, fields: [a, b]}}',
        '    wavg: {leaderboard: *R, rank: 4, sort: asc, computed: {operation: Avg, fields: "a, b", weights: "0.25, 0.75"}}',
        '    max: {leaderboard: *R, rank: 5, computed: {operation: Max, fields: "a,b"}}',
      ].join('\n'),
    );
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    const cols = result.model!.leaderboards[0].columns;
    expect(cols.map((c) => [c.key, c.rankAggregate])).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['mrr', { method: 'mrr', indexes: [0, 1] }],
      ['wavg', { method: 'weightedRank', indexes: [0, 1], weights: [0.25, 0.75] }],
      ['max', undefined],
    ]);
    expect(warnings(result.problems).map((p) => p.path)).toEqual([
      'version',
      'leaderboard.columns.max.computed.operation',
    ]);
  });

  it('warns that an average rank sorted desc ranks the worst first', () => {
    const yaml = TYPICAL_V1_YAML.replace('      sort: asc\n      selection_default: 1', '      selection_default: 1');
    expect(warnings(parse(yaml).problems).filter((p) => p.path !== 'enable_forum')).toMatchObject([
      { path: 'leaderboard.columns.ave_score.sort', line: 68 },
    ]);
  });

  it('makes the children of a v1.8 parallel parent the tasks of one multi-task phase', () => {
    const yaml = MINIMAL_V1.replace(
      /phases:[\s\S]*?(?=leaderboard:)/,
      `phases:
  1: {phasenumber: 1, label: Feedback, start_date: 2026-01-01, is_parallel_parent: True, scoring_program: scoring_program.zip}
  2: {phasenumber: 2, label: Dataset A, start_date: 2026-01-01, parent_phasenumber: 1, scoring_program: scoring_program.zip, reference_data: reference_data_dev.zip}
  3: {phasenumber: 3, label: Dataset B, start_date: 2026-01-01, parent_phasenumber: 1, scoring_program: scoring_program.zip, reference_data: reference_data_final.zip}
  4: {phasenumber: 4, label: Final, start_date: 2026-03-01, scoring_program: scoring_program.zip, reference_data: reference_data_final.zip}
`,
    );
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    expect(result.model?.phases.map((p) => [p.name, p.taskIndexes, p.end])).toEqual([
      ['Feedback', [0, 1], '2026-03-01T00:00:00.000Z'],
      ['Final', [2], null],
    ]);
    expect(result.model?.tasks.map((t) => [t.name, t.referenceData])).toEqual([
      ['Dataset A', { path: 'reference_data_dev.zip' }],
      ['Dataset B', { path: 'reference_data_final.zip' }],
      ['Final Task', { path: 'reference_data_final.zip' }],
    ]);
    expect(warnings(result.problems).map((p) => p.path)).toEqual(['version', 'phases.1.scoring_program']);
  });
});

const V1_ERRORS: { name: string; from: string | RegExp; to: string; path: string; line: number; message: RegExp }[] = [
  {
    name: 'missing program zip',
    from: 'scoring_program: scoring_program.zip\n    reference_data: reference_data_dev.zip',
    to: 'scoring_program: scoring.zip\n    reference_data: reference_data_dev.zip',
    path: 'phases.1.scoring_program',
    line: 26,
    message: /scoring.zip does not exist/,
  },
  {
    name: 'missing html page',
    from: 'data: data.html',
    to: 'data: get_data.html',
    path: 'html.data',
    line: 10,
    message: /get_data.html does not exist/,
  },
  {
    name: 'duplicate phasenumber',
    from: 'phasenumber: 2',
    to: 'phasenumber: 1',
    path: 'phases.2.phasenumber',
    line: 35,
    message: /phasenumber 1 is used twice/,
  },
  {
    name: 'phases out of order',
    from: 'start_date: 2026-06-01 12:00:00+02:00',
    to: 'start_date: 2025-06-01',
    path: 'phases.2.start_date',
    line: 37,
    message: /phase 2 must start after phase 1/,
  },
  {
    name: 'missing start date',
    from: '    start_date: 2026-01-01\n',
    to: '',
    path: 'phases.1.start_date',
    line: 20,
    message: /start_date is required/,
  },
  {
    name: 'end_date before the last phase',
    from: 'end_date: 2026-12-31',
    to: 'end_date: 2026-03-01',
    path: 'end_date',
    line: 12,
    message: /ends .* before its last phase starts/,
  },
  {
    name: 'column on an unknown leaderboard',
    from: '      leaderboard: *RESULTS\n      label: Set 2',
    to: '      leaderboard: Other\n      label: Set 2',
    path: 'leaderboard.columns.set2_score.leaderboard',
    line: 63,
    message: /does not match any leaderboard/,
  },
  {
    name: 'computed field that is no column',
    from: 'fields: set1_score, set2_score',
    to: 'fields: set1_score, set3_score',
    path: 'leaderboard.columns.ave_score.computed.fields',
    line: 76,
    message: /set3_score is not a column of leaderboard Results/,
  },
  {
    name: 'weights that do not match fields',
    from: 'fields: set1_score, set2_score',
    to: 'fields: set1_score, set2_score\n        weights: 1',
    path: 'leaderboard.columns.ave_score.computed.weights',
    line: 77,
    message: /has 1 weights for 2 fields/,
  },
  {
    name: 'phases as a list',
    from: /phases:[\s\S]*?(?=leaderboard:)/,
    to: 'phases:\n  - phasenumber: 1\n',
    path: 'phases',
    line: 19,
    message: /must be a map/,
  },
  {
    name: 'bad colour',
    from: 'color: green',
    to: 'color: pink',
    path: 'phases.1.color',
    line: 28,
    message: /must be one of white, orange/,
  },
];

describe('v1: each error names the YAML path and line', () => {
  it.each(V1_ERRORS)('$name', ({ from, to, path, line, message }) => {
    const yaml = TYPICAL_V1_YAML.replace(from, to);
    expect(yaml).not.toBe(TYPICAL_V1_YAML);
    const { model, problems } = parse(yaml);
    expect(model).toBeUndefined();
    const found = errors(problems).find((p) => p.path === path);
    expect(found, JSON.stringify(errors(problems), null, 1)).toMatchObject({ file: 'competition.yaml', path, line });
    expect(found!.message).toMatch(message);
    // One mistake, one error: no cascade of follow-up messages.
    expect(errors(problems)).toHaveLength(1);
  });

  it('requires html and phases', () => {
    const { problems } = parse('title: Nothing\nversion: 1.5\n');
    expect(errors(problems).map((p) => p.path)).toEqual(['html', 'phases']);
  });
});
