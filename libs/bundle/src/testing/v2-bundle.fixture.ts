import type { CompetitionModel } from '../competition.model';
import { OPTION_DEFAULTS } from '../parse/competition-options';
import { PNG, type FixtureFiles } from './bundle-fixture';

/** A v2 competition.yaml that sets every key of ANCHORS §1.3, with parts as folders, nested zips and keys. */
export const FULL_V2_YAML = `# every key
version: 2
title: Full v2
description: Everything set
image: logo.png
terms: pages/terms.md
pages:
  - title: Overview
    file: pages/overview.md
  - title: Data
    file: ./pages/data.md
docker_image: codalab/codalab-legacy:py39
queue: 7d5f3a3c-0000-4000-8000-000000000001
registration_auto_approve: true
enable_detailed_results: true
show_detailed_results_in_submission_panel: false
show_detailed_results_in_leaderboard: false
auto_run_submissions: false
can_participants_make_submissions_public: false
make_programs_available: true
make_input_data_available: true
competition_type: benchmark
reward: 1000 EUR
contact_email: org@example.org
forum_enabled: false
fact_sheet:
  method:
    key: method
    type: text
    title: Method name
    selection: ""
    is_required: "true"
    is_on_leaderboard: "false"
  gpu:
    key: gpu
    type: select
    title: GPU used
    selection: ["", "yes", "no"]
    is_required: false
    is_on_leaderboard: true
tasks:
  - index: 0
    name: Dev task
    description: Development data
    scoring_program: scoring_program
    ingestion_program: ingestion_program.zip
    input_data: dev/input_data
    reference_data: dev/reference_data/
    ingestion_only_during_scoring: true
    is_public: false
  - index: 1
    name: Final task
    scoring_program: scoring_program
    reference_data: 0f8fad5b-d9cb-469f-a165-70867728950e
  - index: 2
    key: 7c9e6679-7425-40de-944b-e07fc1f90ae7
solutions:
  - index: 0
    tasks: [0, 1]
    path: solution/
    name: Baseline
phases:
  - index: 1
    name: Final
    start: 2026-03-01T00:00:00+02:00
    tasks: [1, 2]
    max_submissions_per_day: 0
    max_submissions: null
    auto_migrate_to_this_phase: true
    hide_output: true
    solutions: []
  - index: 0
    name: Development
    description: Dev phase
    start: 2026-01-01
    end: 2026-02-28 22:00
    tasks: [0]
    max_submissions_per_day: 10
    max_submissions: 200
    execution_time_limit: 1200
    hide_prediction_output: true
    hide_score_output: true
    starting_kit: starting_kit
    public_data: dev/input_data
leaderboards:
  - title: Main
    key: main
    submission_rule: Force_Best
    primary_index: 2
    columns:
      - {title: Accuracy, key: accuracy, index: 0, sorting: desc, precision: 4}
      - {title: Time, key: time, index: 1, sorting: asc, hidden: true}
      - {title: Mean, key: mean, index: 2, computation: avg, computation_indexes: [0, 1]}
  - title: Ranks
    key: ranks
    hidden: true
    index: 1
    columns:
      - {title: Avg rank, key: avg_rank, index: 0, sorting: asc, computation: avg_rank, computation_indexes: [1, 2]}
      - {title: A, key: a, index: 1}
      - {title: B, key: b, index: 2}
# An Arena key, last so that the lines above keep their numbers.
anonymous_leaderboard: true
`;

export function fullV2Files(yaml = FULL_V2_YAML): FixtureFiles {
  return {
    'competition.yaml': yaml,
    'logo.png': PNG,
    'pages/terms.md': 'Terms.\n',
    'pages/overview.md': 'Overview.\n',
    'pages/data.md': 'Data.\n',
    'scoring_program/metadata.yaml': 'command: python3 $program/score.py $input $output\n',
    'scoring_program/score.py': 'print("score")\n',
    'ingestion_program.zip': { zip: { 'metadata.yaml': 'command: python3 ingest.py\n', 'ingest.py': 'print(1)\n' } },
    'dev/input_data/x.csv': 'x\n1\n',
    'dev/reference_data/y.csv': 'y\n1\n',
    'solution/model.py': 'class Model: pass\n',
    'starting_kit/README.md': 'Start here.\n',
  };
}

/** The model FULL_V2_YAML must give. */
export const FULL_V2_MODEL: CompetitionModel = {
  format: 'v2',
  sourceVersion: '2',
  title: 'Full v2',
  description: 'Everything set',
  image: 'logo.png',
  terms: 'pages/terms.md',
  pages: [
    { title: 'Overview', file: 'pages/overview.md' },
    { title: 'Data', file: 'pages/data.md' },
  ],
  dockerImage: 'codalab/codalab-legacy:py39',
  queue: '7d5f3a3c-0000-4000-8000-000000000001',
  registrationAutoApprove: true,
  enableDetailedResults: true,
  showDetailedResultsInSubmissionPanel: false,
  showDetailedResultsInLeaderboard: false,
  autoRunSubmissions: false,
  canParticipantsMakeSubmissionsPublic: false,
  makeProgramsAvailable: true,
  makeInputDataAvailable: true,
  competitionType: 'benchmark',
  factSheet: [
    { key: 'method', type: 'text', title: 'Method name', selection: [], isRequired: true, isOnLeaderboard: false },
    {
      key: 'gpu',
      type: 'select',
      title: 'GPU used',
      selection: ['', 'yes', 'no'],
      isRequired: false,
      isOnLeaderboard: true,
    },
  ],
  reward: '1000 EUR',
  contactEmail: 'org@example.org',
  forumEnabled: false,
  anonymousLeaderboard: true,
  options: OPTION_DEFAULTS.v2,
  tasks: [
    {
      index: 0,
      name: 'Dev task',
      description: 'Development data',
      scoringProgram: { path: 'scoring_program' },
      ingestionProgram: { path: 'ingestion_program.zip' },
      inputData: { path: 'dev/input_data' },
      referenceData: { path: 'dev/reference_data' },
      ingestionOnlyDuringScoring: true,
    },
    {
      index: 1,
      name: 'Final task',
      description: '',
      scoringProgram: { path: 'scoring_program' },
      referenceData: { key: '0f8fad5b-d9cb-469f-a165-70867728950e' },
      ingestionOnlyDuringScoring: false,
    },
    {
      index: 2,
      key: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      name: '',
      description: '',
      ingestionOnlyDuringScoring: false,
    },
  ],
  solutions: [{ index: 0, name: 'Baseline', description: '', taskIndexes: [0, 1], solution: { path: 'solution' } }],
  phases: [
    {
      index: 0,
      name: 'Development',
      description: 'Dev phase',
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-02-28T22:00:00.000Z',
      taskIndexes: [0],
      maxSubmissionsPerDay: 10,
      maxSubmissions: 200,
      executionTimeLimitSec: 1200,
      autoMigrateToThisPhase: false,
      hideOutput: false,
      hidePredictionOutput: true,
      hideScoreOutput: true,
      startingKit: { path: 'starting_kit' },
      publicData: { path: 'dev/input_data' },
    },
    {
      index: 1,
      name: 'Final',
      description: '',
      start: '2026-02-28T22:00:00.000Z',
      end: null,
      taskIndexes: [1, 2],
      maxSubmissionsPerDay: null,
      maxSubmissions: null,
      executionTimeLimitSec: 600,
      autoMigrateToThisPhase: true,
      hideOutput: true,
      hidePredictionOutput: false,
      hideScoreOutput: false,
      // Codabench's dump lists the phase's solutions: here none.
      solutionIndexes: [],
    },
  ],
  leaderboards: [
    {
      key: 'main',
      title: 'Main',
      index: 0,
      hidden: false,
      primaryIndex: 2,
      submissionRule: 'Force_Best',
      columns: [
        { key: 'accuracy', title: 'Accuracy', index: 0, sorting: 'desc', precision: 4, hidden: false },
        { key: 'time', title: 'Time', index: 1, sorting: 'asc', precision: 2, hidden: true },
        {
          key: 'mean',
          title: 'Mean',
          index: 2,
          sorting: 'desc',
          precision: 2,
          hidden: false,
          computation: 'avg',
          computationIndexes: [0, 1],
        },
      ],
    },
    {
      key: 'ranks',
      title: 'Ranks',
      index: 1,
      hidden: true,
      primaryIndex: 0,
      submissionRule: 'Add',
      columns: [
        {
          key: 'avg_rank',
          title: 'Avg rank',
          index: 0,
          sorting: 'asc',
          precision: 2,
          hidden: false,
          rankAggregate: { method: 'avgRank', indexes: [1, 2] },
        },
        { key: 'a', title: 'A', index: 1, sorting: 'desc', precision: 2, hidden: false },
        { key: 'b', title: 'B', index: 2, sorting: 'desc', precision: 2, hidden: false },
      ],
    },
  ],
  extra: {},
};
