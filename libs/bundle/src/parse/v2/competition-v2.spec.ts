import { describe, expect, it } from 'vitest';
import type { BundleProblem } from '../../competition.model';
import { formatProblem } from '../../problems/bundle-problem';
import { fileIndex } from '../../testing/bundle-fixture';
import { FULL_V2_MODEL, FULL_V2_YAML, fullV2Files } from '../../testing/v2-bundle.fixture';
import { parseCompetitionYaml } from '../parse-competition-yaml';

const files = fileIndex(fullV2Files());
const parse = (yaml: string, index = files) => parseCompetitionYaml(yaml, index);
const errors = (problems: BundleProblem[]) => problems.filter((p) => p.severity === 'error');
const warnings = (problems: BundleProblem[]) => problems.filter((p) => p.severity === 'warning');

/** The contract bundle's YAML: the smallest valid v2 file. */
const MINIMAL = `version: 2
title: Minimal
image: logo.png
terms: pages/terms.md
pages:
  - title: Overview
    file: pages/overview.md
tasks:
  - index: 0
    scoring_program: scoring_program
phases:
  - start: 2026-01-01
    tasks: [0]
leaderboards:
  - title: Results
    key: main
    columns:
      - title: Score
        key: score
        index: 0
`;

describe('v2: a complete bundle', () => {
  it('gives the expected model, key by key', () => {
    const result = parse(FULL_V2_YAML);
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('v2');
    expect(result.model).toEqual(FULL_V2_MODEL);
    expect(result.summary).toEqual({ title: 'Full v2', phases: 2, tasks: 3, leaderboards: 2 });
  });

  it('lists every part named by path, with its YAML path and line', () => {
    const { parts } = parse(FULL_V2_YAML);
    expect(parts).toContainEqual({
      path: 'ingestion_program.zip',
      role: 'ingestion_program',
      yamlPath: 'tasks[0].ingestion_program',
      line: 46,
    });
    expect(parts.map((p) => p.path)).toEqual([
      'scoring_program',
      'ingestion_program.zip',
      'dev/input_data',
      'dev/reference_data',
      'scoring_program',
      'solution',
      'starting_kit',
      'dev/input_data',
    ]);
  });

  it('fills Codabench defaults for every key left out', () => {
    const { model, problems } = parse(MINIMAL);
    expect(problems).toEqual([]);
    expect(model).toMatchObject({
      description: '',
      dockerImage: 'codalab/codalab-legacy:py37',
      queue: null,
      registrationAutoApprove: false,
      enableDetailedResults: false,
      showDetailedResultsInSubmissionPanel: true,
      showDetailedResultsInLeaderboard: true,
      autoRunSubmissions: true,
      canParticipantsMakeSubmissionsPublic: true,
      makeProgramsAvailable: false,
      makeInputDataAvailable: false,
      competitionType: 'competition',
      factSheet: null,
      reward: null,
      contactEmail: null,
      forumEnabled: true,
      anonymousLeaderboard: false,
      solutions: [],
      extra: {},
    });
    expect(model?.phases[0]).toEqual({
      index: 0,
      name: '',
      description: '',
      start: '2026-01-01T00:00:00.000Z',
      end: null,
      taskIndexes: [0],
      maxSubmissionsPerDay: 5,
      maxSubmissions: 100,
      executionTimeLimitSec: 600,
      autoMigrateToThisPhase: false,
      hideOutput: false,
      hidePredictionOutput: false,
      hideScoreOutput: false,
    });
    expect(model?.leaderboards[0]).toEqual({
      key: 'main',
      title: 'Results',
      index: 0,
      hidden: false,
      primaryIndex: 0,
      submissionRule: 'Add',
      columns: [{ key: 'score', title: 'Score', index: 0, sorting: 'desc', precision: 2, hidden: false }],
    });
  });

  it("reads Codabench's official mini-automl example (duplicate key, M-D-Y dates, avg_rank)", () => {
    const yaml = `title: Mini-AutoML
version: 2 # this means that it is a Codabench bundle
image: logo.png
registration_auto_approve: True
terms: pages/terms.md
pages:
  - title: Overview
    file: pages/overview.md
tasks:
- index: 0
  name: Development Task
  is_public: false
  scoring_program: scoring_program
solutions: []
solutions:
  - index: 0
    tasks:
    - 0
    path: solution/
phases:
- index: 0
  name: Development
  start: 1-1-2024 # Month/Day/Year
  end: 1-30-2026
  tasks:
  - 0
  solutions: []
- index: 1
  name: Final
  start: 2-1-2026 # Never ends
  max_submissions_per_day: 0
  tasks:
  - 0
fact_sheet: {
    "method_name": {
        "key": "method_name",
        "type": "text",
        "title": "Method name",
        "selection": "",
        "is_required": "false",
        "is_on_leaderboard": "true"
    }
}
leaderboards:
- index: 0
  title: Results
  key: Results
  submission_rule: "Force_Last"
  columns:
      - title: Average Rank
        key: avg_rank
        index: 0
        sorting: asc
        computation: avg_rank
        computation_indexes:
          - 1
          - 2
      - {title: Dataset 1, key: dataset1, index: 1}
      - {title: Dataset 2, key: dataset2, index: 2}
`;
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    expect(warnings(result.problems).map(formatProblem)).toEqual([
      'warning: competition.yaml: duplicate key: the last value is used (as PyYAML does) (line 15)',
      'warning: competition.yaml: phases[1].start: "2-1-2026" is ambiguous; read as month-day-year (2026-02-01), as Codabench does: write it as 2026-01-31, 2026-01-31 12:00 or 2026-01-31T12:00:00+02:00 (line 30)',
    ]);
    expect(result.model?.phases.map((p) => [p.start, p.end])).toEqual([
      ['2024-01-01T00:00:00.000Z', '2026-01-30T00:00:00.000Z'],
      ['2026-02-01T00:00:00.000Z', null],
    ]);
    expect(result.model?.leaderboards[0].columns[0].rankAggregate).toEqual({ method: 'avgRank', indexes: [1, 2] });
    expect(result.model?.leaderboards[0].columns[0].computation).toBeUndefined();
    expect(result.model?.factSheet).toEqual([
      {
        key: 'method_name',
        type: 'text',
        title: 'Method name',
        selection: [],
        isRequired: false,
        isOnLeaderboard: true,
      },
    ]);
  });
});

/** One broken key per row: the problem names the YAML path and the line where the fix goes. */
const ERROR_CASES: { name: string; from: string | RegExp; to: string; path: string; line: number; message: RegExp }[] =
  [
    {
      name: 'phase names a missing task',
      from: 'tasks: [0]\n',
      to: 'tasks: [3]\n',
      path: 'phases[1].tasks[0]',
      line: 77,
      message: /^task index 3 does not exist/,
    },
    {
      name: 'missing scoring program folder',
      from: 'scoring_program: scoring_program\n    ingestion',
      to: 'scoring_program: scoring_prog\n    ingestion',
      path: 'tasks[0].scoring_program',
      line: 45,
      message: /^scoring_prog does not exist in the bundle/,
    },
    {
      name: 'zip named but folder present',
      from: 'scoring_program: scoring_program\n    ingestion',
      to: 'scoring_program: scoring_program.zip\n    ingestion',
      path: 'tasks[0].scoring_program',
      line: 45,
      message: /did you mean the folder scoring_program\?/,
    },
    {
      name: 'a part that is a plain file',
      from: 'public_data: dev/input_data',
      to: 'public_data: dev/input_data/x.csv',
      path: 'phases[1].public_data',
      line: 84,
      message: /is a file but not a \.zip/,
    },
    {
      name: 'a part outside the bundle',
      from: 'starting_kit: starting_kit',
      to: 'starting_kit: ../starting_kit',
      path: 'phases[1].starting_kit',
      line: 83,
      message: /points outside the bundle/,
    },
    {
      name: 'missing page file',
      from: 'file: pages/overview.md',
      to: 'file: pages/overview.html',
      path: 'pages[0].file',
      line: 9,
      message: /pages\/overview.html does not exist/,
    },
    {
      name: 'missing terms file',
      from: 'terms: pages/terms.md',
      to: 'terms: terms.md',
      path: 'terms',
      line: 6,
      message: /terms.md does not exist in the bundle \(found pages\/terms.md\)/,
    },
    {
      name: 'missing logo',
      from: 'image: logo.png',
      to: 'image: Logo.png',
      path: 'image',
      line: 5,
      message: /names are case-sensitive/,
    },
    {
      name: 'bad boolean',
      from: 'forum_enabled: false',
      to: 'forum_enabled: maybe',
      path: 'forum_enabled',
      line: 25,
      message: /must be true or false/,
    },
    {
      name: 'bad enum',
      from: 'competition_type: benchmark',
      to: 'competition_type: contest',
      path: 'competition_type',
      line: 22,
      message: /must be one of competition, benchmark/,
    },
    {
      name: 'bad email',
      from: 'contact_email: org@example.org',
      to: 'contact_email: org',
      path: 'contact_email',
      line: 24,
      message: /is not an email address/,
    },
    {
      name: 'bad date',
      from: 'start: 2026-01-01\n',
      to: 'start: next monday\n',
      path: 'phases[1].start',
      line: 75,
      message: /is not a date/,
    },
    {
      name: 'impossible date',
      from: 'start: 2026-01-01\n',
      to: 'start: 2026-02-30\n',
      path: 'phases[1].start',
      line: 75,
      message: /day 30 is out of range/,
    },
    {
      name: 'overlapping phases',
      from: 'end: 2026-02-28 22:00',
      to: 'end: 2026-03-15',
      path: 'phases[0].start',
      line: 65,
      message: /starts \(2026-02-28T22:00:00.000Z\) before phase "Development" ends/,
    },
    {
      name: 'end before start',
      from: 'end: 2026-02-28 22:00',
      to: 'end: 2025-12-31',
      path: 'phases[1].end',
      line: 76,
      message: /ends .* before it starts/,
    },
    {
      name: 'missing end on a phase that is not last',
      from: '    end: 2026-02-28 22:00\n',
      to: '',
      path: 'phases[1].end',
      line: 72,
      message: /^end is required: phase "Development" is followed by phase "Final"/,
    },
    {
      name: 'duplicate task index',
      from: '  - index: 1\n    name: Final task',
      to: '  - index: 0\n    name: Final task',
      path: 'tasks[1].index',
      line: 51,
      message: /task index 0 is used twice/,
    },
    {
      name: 'missing scoring program',
      from: '    scoring_program: scoring_program\n    reference_data: 0f8f',
      to: '    reference_data: 0f8f',
      path: 'tasks[1].scoring_program',
      line: 51,
      message: /scoring_program is required/,
    },
    {
      name: 'solution names a missing task',
      from: 'tasks: [0, 1]',
      to: 'tasks: [0, 9]',
      path: 'solutions[0].tasks[1]',
      line: 59,
      message: /task index 9 does not exist/,
    },
    {
      name: 'computation index missing',
      from: 'computation_indexes: [0, 1]',
      to: 'computation_indexes: [0, 7]',
      path: 'leaderboards[0].columns[2].computation_indexes',
      line: 93,
      message: /column index 7 does not exist/,
    },
    {
      name: 'computation reads itself',
      from: 'computation_indexes: [0, 1]',
      to: 'computation_indexes: [0, 2]',
      path: 'leaderboards[0].columns[2].computation_indexes',
      line: 93,
      message: /cannot compute from itself/,
    },
    {
      name: 'computation without indexes',
      from: ', computation_indexes: [0, 1]',
      to: '',
      path: 'leaderboards[0].columns[2].computation_indexes',
      line: 93,
      message: /computation_indexes is required with computation/,
    },
    {
      name: 'computed reads computed',
      from: '{title: A, key: a, index: 1}',
      to: '{title: A, key: a, index: 1, computation: max, computation_indexes: [2]}',
      path: 'leaderboards[1].columns[0].computation_indexes',
      line: 99,
      message: /reads a, which is itself computed/,
    },
    {
      name: 'primary index not a column',
      from: 'primary_index: 2',
      to: 'primary_index: 5',
      path: 'leaderboards[0].primary_index',
      line: 89,
      message: /primary_index 5 is not the index of a column/,
    },
    {
      name: 'duplicate column key',
      from: 'key: time',
      to: 'key: accuracy',
      path: 'leaderboards[0].columns[1].key',
      line: 92,
      message: /column key accuracy is used twice/,
    },
    {
      name: 'bad submission rule',
      from: 'submission_rule: Force_Best',
      to: 'submission_rule: Best',
      path: 'leaderboards[0].submission_rule',
      line: 88,
      message: /must be one of Add, Add_And_Delete/,
    },
    {
      name: 'duplicate leaderboard key',
      from: 'key: ranks',
      to: 'key: main',
      path: 'leaderboards[1].key',
      line: 95,
      message: /leaderboard key main is used twice/,
    },
    {
      name: 'fact sheet key mismatch',
      from: '    key: gpu\n',
      to: '    key: gpus\n',
      path: 'fact_sheet.gpu.key',
      line: 35,
      message: /must equal the question's name, gpu/,
    },
    {
      name: 'fact sheet question missing a key',
      from: '    is_on_leaderboard: "false"\n',
      to: '',
      path: 'fact_sheet.method.is_on_leaderboard',
      line: 27,
      message: /is_on_leaderboard is required in a fact sheet question/,
    },
    {
      name: 'title too long',
      from: 'title: Full v2',
      to: `title: ${'x'.repeat(300)}`,
      path: 'title',
      line: 3,
      message: /is 300 characters long; the limit is 256/,
    },
    {
      name: 'tasks not a list',
      from: /tasks:\n  - index: 0\n[\s\S]*?(?=solutions:)/,
      to: 'tasks: {a: 1}\n',
      path: 'tasks',
      line: 41,
      message: /must be a list, not a map/,
    },
  ];

describe('v2: each error names the file, the YAML path and the line', () => {
  it.each(ERROR_CASES)('$name', ({ from, to, path, line, message }) => {
    const yaml = FULL_V2_YAML.replace(from, to);
    expect(yaml).not.toBe(FULL_V2_YAML);
    const { model, problems } = parse(yaml);
    expect(model).toBeUndefined();
    const found = errors(problems).find((p) => p.path === path);
    expect(found, JSON.stringify(errors(problems), null, 1)).toMatchObject({
      severity: 'error',
      file: 'competition.yaml',
      path,
      line,
    });
    expect(found!.message).toMatch(message);
  });
});

describe('v2: problems', () => {
  it('reports all problems at once, not just the first', () => {
    const yaml = FULL_V2_YAML.replace('tasks: [0]\n', 'tasks: [3]\n')
      .replace('image: logo.png', 'image: nologo.png')
      .replace('forum_enabled: false', 'forum_enabled: perhaps')
      .replace('primary_index: 2', 'primary_index: 9');
    const found = errors(parse(yaml).problems).map((p) => p.path);
    expect(found).toEqual(
      expect.arrayContaining(['image', 'forum_enabled', 'phases[1].tasks[0]', 'leaderboards[0].primary_index']),
    );
    expect(found).toHaveLength(4);
  });

  it('formats a problem as file: path: message (line n)', () => {
    const { problems } = parse(MINIMAL.replace('tasks: [0]', 'tasks: [3]'));
    expect(problems.map(formatProblem)).toEqual([
      'competition.yaml: phases[0].tasks[0]: task index 3 does not exist; declared task indexes: 0 (line 13)',
    ]);
  });

  it('warns about unknown keys, suggesting the key meant, and keeps the model', () => {
    const yaml = MINIMAL.replace(
      'title: Minimal',
      'title: Minimal\nhas_registration: true\nforum_enabeld: false',
    ).replace('    tasks: [0]', '    tasks: [0]\n    max_submission_per_day: 3');
    const result = parse(yaml);
    expect(result.model).toBeDefined();
    expect(result.problems.map(formatProblem)).toEqual([
      'warning: competition.yaml: has_registration: unknown key has_registration is ignored (a CodaLab v1 key; version 2 uses registration_auto_approve, its opposite) (line 3)',
      'warning: competition.yaml: forum_enabeld: unknown key forum_enabeld is ignored (did you mean forum_enabled?) (line 4)',
      'warning: competition.yaml: phases[0].max_submission_per_day: unknown key max_submission_per_day is ignored (did you mean max_submissions_per_day?) (line 16)',
    ]);
  });

  it('says that a v2-shaped file without version needs `version: 2`', () => {
    const result = parse(MINIMAL.replace('version: 2\n', ''));
    expect(result.format).toBeNull();
    expect(result.model).toBeUndefined();
    expect(errors(result.problems).map(formatProblem)).toEqual([
      'competition.yaml: version: version is missing: add `version: 2` (a file without version is read as CodaLab v1) (line 1)',
    ]);
    expect(result.summary).toEqual({ title: 'Minimal', phases: 1, tasks: 1, leaderboards: 1 });
  });

  it.each([['2'], ["'2'"], ['"2"']])('reads version %s as v2', (v) => {
    expect(parse(MINIMAL.replace('version: 2', `version: ${v}`)).format).toBe('v2');
  });

  it('refuses an unknown version', () => {
    const result = parse(MINIMAL.replace('version: 2', 'version: 3'));
    expect(result.format).toBeNull();
    expect(errors(result.problems)[0]).toMatchObject({
      path: 'version',
      line: 1,
      message: expect.stringMatching(/version 3 is not supported/),
    });
  });

  it('tolerates !!python/unicode and !!python/str strings', () => {
    const yaml = MINIMAL.replace('title: Minimal', "title: !!python/unicode 'Caf\\xe9'").replace(
      'key: main',
      'key: !!python/str main',
    );
    const result = parse(yaml);
    expect(result.problems).toEqual([]);
    expect(result.model?.title).toBe('Caf\\xe9');
    expect(result.model?.leaderboards[0].key).toBe('main');
  });

  it('converts date offsets to UTC (Codabench dropped them)', () => {
    const yaml = MINIMAL.replace('start: 2026-01-01', 'start: 2026-01-01T12:00:00+02:00');
    expect(parse(yaml).model?.phases[0].start).toBe('2026-01-01T10:00:00.000Z');
  });

  it('sorts phases by index and renumbers them, keeping YAML positions in messages', () => {
    const { model } = parse(FULL_V2_YAML);
    expect(model?.phases.map((p) => [p.index, p.name])).toEqual([
      [0, 'Development'],
      [1, 'Final'],
    ]);
  });

  it('reads an explicit null limit as unlimited and 0 as unlimited', () => {
    const { model } = parse(FULL_V2_YAML);
    expect(model?.phases[1]).toMatchObject({ maxSubmissionsPerDay: null, maxSubmissions: null });
  });

  it('warns that the first phase cannot auto-migrate, and about a hidden primary column', () => {
    const yaml = MINIMAL.replace('    tasks: [0]', '    tasks: [0]\n    auto_migrate_to_this_phase: true').replace(
      '        index: 0\n',
      '        index: 0\n        hidden: true\n',
    );
    const result = parse(yaml);
    expect(result.model?.phases[0].autoMigrateToThisPhase).toBe(false);
    expect(warnings(result.problems).map((p) => p.path)).toEqual([
      'phases[0].auto_migrate_to_this_phase',
      'leaderboards[0].primary_index',
    ]);
  });

  it('ignores the files of a task given by key, with a warning', () => {
    const yaml = MINIMAL.replace(
      '    scoring_program: scoring_program',
      '    key: 7c9e6679-7425-40de-944b-e07fc1f90ae7\n    scoring_program: nowhere',
    );
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    expect(result.model?.tasks[0]).toEqual({
      index: 0,
      key: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      name: '',
      description: '',
      ingestionOnlyDuringScoring: false,
    });
    expect(warnings(result.problems)[0]).toMatchObject({ path: 'tasks[0].scoring_program', line: 11 });
  });

  it('warns about pages, terms and logo left out (Codabench refuses them) but accepts the file', () => {
    const yaml = MINIMAL.replace('image: logo.png\nterms: pages/terms.md\n', '').replace(/pages:\n.*\n.*\n/, '');
    const result = parse(yaml);
    expect(errors(result.problems)).toEqual([]);
    expect(warnings(result.problems).map((p) => p.path)).toEqual(['image', 'terms', 'pages']);
  });

  it('refuses an empty file and a file that is not a map', () => {
    expect(parse('').problems.map(formatProblem)).toEqual(['competition.yaml: the file is empty']);
    expect(parse('# only a comment\n').problems.map(formatProblem)).toEqual(['competition.yaml: the file is empty']);
    expect(parse('- a\n- b\n').problems[0].message).toMatch(/must be a map of settings/);
  });
});
