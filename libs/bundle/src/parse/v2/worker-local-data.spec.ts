import { describe, expect, it } from 'vitest';
import { fileIndex } from '../../testing/bundle-fixture';
import { fullV2Files } from '../../testing/v2-bundle.fixture';
import { toCompetitionYaml } from '../../write/competition-yaml.writer';
import { parseCompetitionYaml } from '../parse-competition-yaml';

const files = fileIndex(fullV2Files());

const yaml = (task: string) => `version: 2
title: Confidential
tasks:
  - index: 0
    scoring_program: scoring_program
${task}
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

describe('v2: worker-local data (worker://<name>)', () => {
  it('reads reference and input data held on workers, never as parts to upload, with a warning naming the data', () => {
    const result = parseCompetitionYaml(
      yaml('    reference_data: worker://hospital-a\n    input_data: "worker://ct_scans.v2"'),
      files,
    );
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.model?.tasks[0]).toMatchObject({
      referenceData: { workerLocal: 'hospital-a' },
      inputData: { workerLocal: 'ct_scans.v2' },
    });
    expect(result.parts.map((p) => p.path)).toEqual(['scoring_program']);
    const warnings = result.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /worker:\/\/hospital-a is not uploaded: send this competition's jobs to a queue whose workers hold data named hospital-a/,
      ),
    );
  });

  it('writes worker-local data back as worker://<name>', () => {
    const { model } = parseCompetitionYaml(yaml('    reference_data: worker://hospital-a'), files);
    expect(toCompetitionYaml(model!)).toContain('reference_data: worker://hospital-a');
  });

  it('refuses names that could be paths, and worker:// for programs', () => {
    const bad = parseCompetitionYaml(yaml('    reference_data: worker://../etc'), files);
    expect(bad.problems.filter((p) => p.severity === 'error').map((p) => p.message)).toContainEqual(
      expect.stringMatching(/after worker:\/\/ comes a name/),
    );
    const program = parseCompetitionYaml(yaml('    ingestion_program: worker://prog'), files);
    expect(program.problems.filter((p) => p.severity === 'error').map((p) => p.message)).toContainEqual(
      expect.stringMatching(/only a task's reference_data and input_data may be worker-local/),
    );
  });
});
