import type { CompetitionModel } from '@arena/bundle';
import { describe, expect, it } from 'vitest';
import { type CatalogTask, offeredFiles, v1DatasetLinks } from './phase-file-catalog';

const PUBLIC = '11111111-1111-1111-1111-111111111111';
const KIT = '22222222-2222-2222-2222-222222222222';

function model(over: Partial<CompetitionModel> = {}): CompetitionModel {
  return {
    makeProgramsAvailable: false,
    makeInputDataAvailable: false,
    phases: [{ index: 0, publicData: { key: PUBLIC }, startingKit: { key: KIT } }],
    extra: {},
    ...over,
  } as unknown as CompetitionModel;
}

const task = (index: number, name = ''): CatalogTask => ({
  index,
  name,
  scoringProgramId: `sp-${index}`,
  ingestionProgramId: index === 0 ? `ip-${index}` : null,
  inputDataId: `in-${index}`,
});

describe('offeredFiles', () => {
  it('offers public data and the starting kit, and nothing of the tasks by default', () => {
    expect(offeredFiles(model(), 0, [task(0)])).toEqual([
      { name: 'public_data', kind: 'public_data', title: 'Public data', datasetId: PUBLIC },
      { name: 'starting_kit', kind: 'starting_kit', title: 'Starting kit', datasetId: KIT },
    ]);
  });

  it('adds programs only when makeProgramsAvailable, input data only when makeInputDataAvailable', () => {
    const names = (m: CompetitionModel) => offeredFiles(m, 0, [task(0)]).map((f) => f.name);
    expect(names(model({ makeProgramsAvailable: true }))).toEqual([
      'public_data',
      'starting_kit',
      'scoring_program',
      'ingestion_program',
    ]);
    expect(names(model({ makeInputDataAvailable: true }))).toEqual(['public_data', 'starting_kit', 'input_data']);
  });

  it("offers organizers the solutions of the phase's tasks (Codabench example submissions), never participants", () => {
    const m = model({
      solutions: [
        { index: 0, name: 'Baseline', description: '', taskIndexes: [0], solution: { key: 'sol-0' } },
        { index: 1, name: '', description: '', taskIndexes: [7], solution: { key: 'sol-1' } },
      ],
    });
    expect(offeredFiles(m, 0, [task(0)]).map((f) => f.name)).toEqual(['public_data', 'starting_kit']);
    expect(offeredFiles(m, 0, [task(0)], true).at(-1)).toEqual({
      name: 'solution-0',
      kind: 'solution',
      title: 'Solution: Baseline',
      datasetId: 'sol-0',
    });
    expect(offeredFiles(m, 0, [task(0)], true)).toHaveLength(3);
  });

  it('names task files by task index when the phase has several tasks', () => {
    const m = model({ makeProgramsAvailable: true, makeInputDataAvailable: true });
    const files = offeredFiles(m, 0, [task(0, 'Easy'), task(3)]);
    expect(files.map((f) => [f.name, f.title])).toEqual([
      ['public_data', 'Public data'],
      ['starting_kit', 'Starting kit'],
      ['scoring_program-0', 'Scoring program (Easy)'],
      ['ingestion_program-0', 'Ingestion program (Easy)'],
      ['input_data-0', 'Input data (Easy)'],
      ['scoring_program-3', 'Scoring program (task 3)'],
      ['input_data-3', 'Input data (task 3)'],
    ]);
  });

  it('offers nothing for parts named by path, worker-local data or a phase that is not there', () => {
    const m = model({
      phases: [{ index: 0, publicData: { workerLocal: 'site-a' }, startingKit: { path: 'kit' } }],
    } as Partial<CompetitionModel>);
    expect(offeredFiles(m, 0, [])).toEqual([]);
    expect(offeredFiles(model(), 7, [])).toEqual([]);
  });

  it('never offers reference data: the catalog has no entry for it under any setting', () => {
    const m = model({ makeProgramsAvailable: true, makeInputDataAvailable: true });
    const files = offeredFiles(m, 0, [{ ...task(0), referenceDataId: 'ref' } as CatalogTask]);
    expect(files.map((f) => f.datasetId)).not.toContain('ref');
    expect(files.map((f) => f.kind)).not.toContain('reference_data');
  });
});

describe('v1DatasetLinks', () => {
  const v1 = (datasets: unknown, show?: boolean) =>
    model({
      extra: {
        codalab: {
          competition: show === undefined ? {} : { show_datasets_from_yaml: show },
          phases: [{ phasenumber: 1, datasets }],
        },
      },
    });

  it('lists {name, url, description} entries in index order, and {key} entries with their key', () => {
    const links = v1DatasetLinks(
      v1({
        2: { name: 'Second', url: 'https://example.org/2.zip' },
        1: { name: 'First', url: 'http://example.org/1.zip', description: 'The first' },
        10: { key: 'ABC' },
      }),
      0,
    );
    expect(links).toEqual([
      { name: 'dataset-1', title: 'First', description: 'The first', url: 'http://example.org/1.zip' },
      { name: 'dataset-2', title: 'Second', description: '', url: 'https://example.org/2.zip' },
      { name: 'dataset-10', title: 'Dataset 10', description: '', datasetKey: 'ABC' },
    ]);
  });

  it('shows them while show_datasets_from_yaml is on (its CodaLab default) and hides them when off', () => {
    const d = { 1: { name: 'A', url: 'https://example.org/a' } };
    expect(v1DatasetLinks(v1(d), 0)).toHaveLength(1);
    expect(v1DatasetLinks(v1(d, true), 0)).toHaveLength(1);
    expect(v1DatasetLinks(v1(d, false), 0)).toEqual([]);
  });

  it('drops addresses that are not http(s) (javascript:, data:) and entries that are not maps', () => {
    const links = v1DatasetLinks(
      v1({ 1: { name: 'x', url: 'javascript:alert(1)' }, 2: { url: 'data:text/html,hi' }, 3: 'text', 4: null }),
      0,
    );
    expect(links).toEqual([]);
  });

  it('gives nothing for a v2 competition or a phase without datasets', () => {
    expect(v1DatasetLinks(model(), 0)).toEqual([]);
    expect(v1DatasetLinks(v1(undefined), 0)).toEqual([]);
    expect(v1DatasetLinks(v1({ 1: { url: 'https://a' } }), 1)).toEqual([]);
  });
});
