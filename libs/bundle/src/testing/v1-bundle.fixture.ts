import { PNG, type FixtureFiles } from './bundle-fixture';

/** A typical CodaLab 1.5 competition.yaml: html pages, phases keyed by number, an average-rank leaderboard. */
export const TYPICAL_V1_YAML = `title: Typical CodaLab
version: 1.5
description: A v1.5 competition
image: logo.png
has_registration: True
html:
  overview: overview.html
  evaluation: evaluation.html
  terms: terms_and_conditions.html
  data: data.html
competition_docker_image: codalab/codalab-legacy:py3
end_date: 2026-12-31
force_submission_to_leaderboard: False
enable_detailed_results: True
allow_public_submissions: True
enable_forum: True
anonymous_leaderboard: True
admin_names: alice, bob
phases:
  1:
    phasenumber: 1
    label: "Development"
    description: Tune your model
    start_date: 2026-01-01
    max_submissions: 100
    scoring_program: scoring_program.zip
    reference_data: reference_data_dev.zip
    color: green
    datasets:
      1:
        name: Extra
        url: https://example.org/extra.zip
        description: More data
  2:
    phasenumber: 2
    label: "Final"
    start_date: 2026-06-01 12:00:00+02:00
    max_submissions: 5
    max_submissions_per_day: 1
    is_scoring_only: False
    scoring_program: scoring_program.zip
    reference_data: reference_data_final.zip
    ingestion_program: ingestion_program.zip
    input_data: input_data_final.zip
    auto_migration: True
    execution_time_limit: 600
leaderboard:
  leaderboards:
    Results: &RESULTS
      label: RESULTS
      rank: 1
  column_groups:
    Sets: &SETS
      label: Test sets
  columns:
    set1_score:
      leaderboard: *RESULTS
      label: Set 1
      rank: 2
      numeric_format: 4
      column_group: *SETS
    set2_score:
      leaderboard: *RESULTS
      label: Set 2
      rank: 3
      sort: asc
      column_group: *SETS
    ave_score:
      leaderboard: *RESULTS
      label: <Rank>
      rank: 1
      sort: asc
      selection_default: 1
      computed:
        operation: Avg
        fields: set1_score, set2_score
`;

const program = (command: string): FixtureFiles => ({
  metadata: `command: ${command}\ndescription: a program\n`,
  'run.py': 'pass\n',
});

export function typicalV1Files(yaml = TYPICAL_V1_YAML): FixtureFiles {
  return {
    'competition.yaml': yaml,
    'logo.png': PNG,
    'overview.html': '<p>Overview</p>',
    'evaluation.html': '<p>Evaluation</p>',
    'terms_and_conditions.html': '<p>Terms</p>',
    'data.html': '<p>Data</p>',
    'scoring_program.zip': { zip: program('python $program/evaluate.py $input $output') },
    'ingestion_program.zip': {
      zip: program('python $ingestion_program/ingestion.py $input $output $submission_program'),
    },
    'reference_data_dev.zip': { zip: { 'truth.csv': '1\n' } },
    'reference_data_final.zip': { zip: { 'truth.csv': '2\n' } },
    'input_data_final.zip': { zip: { 'x.csv': '3\n' } },
  };
}
