import type { CompetitionModel } from '@arena/bundle';
import { describe, expect, it } from 'vitest';
import type { DatasetEntity } from '@api/datasets/entities/dataset.entity';
import type { CompetitionsRepository } from './competitions.repository';
import { PartRefsService } from './part-refs.service';

const MINE = '11111111-1111-4111-8111-111111111111';
const THEIRS = '22222222-2222-4222-8222-222222222222';
const DATA = '33333333-3333-4333-8333-333333333333';
const datasets: Partial<DatasetEntity>[] = [
  { id: MINE, kind: 'scoring_program' },
  { id: THEIRS, kind: 'scoring_program' },
  { id: DATA, kind: 'input_data' },
];
const repo = {
  findDatasets: async (ids: string[]) => datasets.filter((d) => ids.includes(d.id!)),
  usableDatasetIds: async (ids: string[]) => new Set(ids.filter((id) => id !== THEIRS)),
} as unknown as CompetitionsRepository;
const user = { id: 'u', username: 'u', isAdmin: false };

function model(scoring: string, extra: Partial<CompetitionModel> = {}): CompetitionModel {
  return {
    tasks: [
      { index: 0, name: 'T', description: '', scoringProgram: { key: scoring }, ingestionOnlyDuringScoring: false },
    ],
    phases: [],
    solutions: [],
    ...extra,
  } as unknown as CompetitionModel;
}

describe('PartRefsService: which dataset keys a bundle may name', () => {
  const refs = new PartRefsService(repo);

  it('accepts a usable dataset of the right kind, written in any case and with or without dashes', async () => {
    const m = model(MINE.toUpperCase().replace(/-/g, ''));
    await expect(refs.check(m, user)).resolves.toEqual([]);
    expect(m.tasks[0].scoringProgram).toEqual({ key: MINE });
  });

  it('refuses a dataset the user may not use, with the YAML path and the key', async () => {
    await expect(refs.check(model(THEIRS), user)).resolves.toEqual([
      {
        severity: 'error',
        file: 'competition.yaml',
        path: 'tasks[0].scoring_program',
        message: `dataset ${THEIRS} does not exist or is not yours to use`,
      },
    ]);
  });

  it('lets admins use any existing dataset, but not a missing one', async () => {
    await expect(refs.check(model(THEIRS), { ...user, isAdmin: true })).resolves.toEqual([]);
    const missing = '44444444-4444-4444-8444-444444444444';
    const problems = await refs.check(model(missing), { ...user, isAdmin: true });
    expect(problems.map((p) => p.message)).toEqual([`dataset ${missing} does not exist or is not yours to use`]);
  });

  it('refuses data where a program is expected, but lets data serve as any kind of data', async () => {
    const problems = await refs.check(model(DATA), user);
    expect(problems.map((p) => p.message)).toEqual([
      `dataset ${DATA} is of kind input_data, where scoring_program is expected`,
    ]);
    const phase = { index: 0, name: 'P', publicData: { key: DATA } };
    await expect(refs.check(model(MINE, { phases: [phase] } as Partial<CompetitionModel>), user)).resolves.toEqual([]);
  });
});
