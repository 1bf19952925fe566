import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompetitionModel, PartRef } from '../competition.model';
import { readBundle } from '../read/read-bundle';
import { PNG, zipBuffer } from '../testing/bundle-fixture';
import { competitionModelArb } from '../testing/model.arbitrary';
import { fileIndex } from '../testing/bundle-fixture';
import { typicalV1Files } from '../testing/v1-bundle.fixture';
import { fullV2Files } from '../testing/v2-bundle.fixture';
import { parseCompetitionYaml } from '../parse/parse-competition-yaml';
import { writeCompetitionBundle, type ExportMode } from './bundle-zip.writer';
import { toCompetitionYaml } from './competition-yaml.writer';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-rt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exportAndRead(model: CompetitionModel, mode: ExportMode) {
  const path = join(dir, `${n++}.zip`);
  const part = await zipBuffer({ 'metadata.yaml': 'command: python3 run.py\n', 'run.py': 'print(1)\n' });
  await writeCompetitionBundle(
    model,
    mode,
    {
      file: (p) => Readable.from([p.endsWith('.png') ? PNG : Buffer.from(`# ${p}\n`)]),
      part: () => Readable.from([part]),
    },
    createWriteStream(path),
  );
  const result = await readBundle(path);
  result.source?.close();
  return result;
}

/** A full export names each part `parts/<key>.zip`: map it back to the key it was stored under. */
function keysOf(model: CompetitionModel): CompetitionModel {
  const back = (ref: PartRef | undefined): PartRef | undefined => {
    if (!ref || !('path' in ref)) {
      return ref;
    }
    const m = /^parts\/(.+)\.zip$/.exec(ref.path);
    return m ? { key: m[1] } : ref;
  };
  return JSON.parse(
    JSON.stringify(model, (_k, v: unknown) =>
      v && typeof v === 'object' && 'path' in v && Object.keys(v).length === 1 ? back(v as PartRef) : v,
    ),
  ) as CompetitionModel;
}

const clean = (m: CompetitionModel): CompetitionModel => JSON.parse(JSON.stringify(m)) as CompetitionModel;

describe('export round trip', () => {
  it.each<ExportMode>(['light', 'full'])('model → %s export → import gives the same model', async (mode) => {
    await fc.assert(
      fc.asyncProperty(competitionModelArb(), async (model) => {
        const result = await exportAndRead(model, mode);
        const errors = result.problems.filter((p) => p.severity === 'error');
        expect(errors, toCompetitionYaml(model)).toEqual([]);
        expect(keysOf(result.model!)).toEqual(clean(model));
      }),
      // One case takes ~50 ms; a case still running after 20 s fails with its seed and counterexample printed, where
      // the test's own 60 s timeout would say nothing of which model (the light export timed out once in a full run).
      { numRuns: 40, timeout: 20_000 },
    );
  });

  /** Bundle paths become fake dataset keys, as the platform stores parts. */
  function withKeys(model: CompetitionModel): CompetitionModel {
    const keys = new Map<string, string>();
    const keyOf = (path: string): string => {
      if (!keys.has(path)) {
        keys.set(path, `00000000-0000-4000-8000-${String(keys.size).padStart(12, '0')}`);
      }
      return keys.get(path)!;
    };
    return JSON.parse(
      JSON.stringify(model, (_k, v: unknown) =>
        v && typeof v === 'object' && 'path' in v && Object.keys(v).length === 1
          ? { key: keyOf((v as { path: string }).path) }
          : v,
      ),
    ) as CompetitionModel;
  }

  it.each([
    ['the every-key v2 fixture', fullV2Files()],
    ['the typical CodaLab v1 fixture', typicalV1Files()],
  ])('%s exports to v2 and reads back the same (v1: format-specific extras aside)', async (_name, files) => {
    const parsed = parseCompetitionYaml(files['competition.yaml'] as string, fileIndex(files));
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const model = withKeys(parsed.model!);
    for (const mode of ['light', 'full'] as const) {
      const result = await exportAndRead(model, mode);
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(keysOf(result.model!)).toEqual({ ...clean(model), format: 'v2', sourceVersion: '2', extra: {} });
    }
  });

  it('writes dates as full instants and limits as null when unlimited', () => {
    const yaml = toCompetitionYaml({
      ...fc.sample(competitionModelArb(), { numRuns: 1, seed: 7 })[0],
      phases: [
        {
          index: 0,
          name: 'p',
          description: '',
          start: '2026-01-31T10:30:00.000Z',
          end: null,
          taskIndexes: [0],
          maxSubmissionsPerDay: null,
          maxSubmissions: 3,
          executionTimeLimitSec: 60,
          autoMigrateToThisPhase: false,
          hideOutput: false,
          hidePredictionOutput: false,
          hideScoreOutput: false,
        },
      ],
    });
    expect(yaml).toContain('start: 2026-01-31T10:30:00.000Z');
    expect(yaml).toContain('max_submissions_per_day: null');
    expect(yaml).toContain('version: 2');
  });
});
