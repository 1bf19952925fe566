import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../problems/bundle-problem';
import { writeDir, writeZip, type FixtureFiles } from '../testing/bundle-fixture';
import { typicalV1Files } from '../testing/v1-bundle.fixture';
import { FULL_V2_MODEL, FULL_V2_YAML, fullV2Files } from '../testing/v2-bundle.fixture';
import { readBundle, validateBundle } from './read-bundle';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function make(kind: 'zip' | 'directory', files: FixtureFiles): Promise<string> {
  n += 1;
  return kind === 'zip' ? writeZip(join(dir, `b${n}.zip`), files) : writeDir(join(dir, `b${n}`), files);
}

describe.each(['zip', 'directory'] as const)('readBundle (%s)', (kind) => {
  it('reads the complete v2 bundle into the expected model', async () => {
    const result = await readBundle(await make(kind, fullV2Files()));
    result.source?.close();
    expect(result.problems).toEqual([]);
    expect(result.model).toEqual(FULL_V2_MODEL);
  });

  it('reads the typical v1 bundle', async () => {
    const result = await readBundle(await make(kind, typicalV1Files()));
    result.source?.close();
    // The fixture asks for a forum, which Arena does not have: said, nothing else.
    expect(result.problems.map((p) => p.path)).toEqual(['enable_forum']);
    expect(result.model?.format).toBe('v1');
  });

  it('checks inside programs: metadata at the root, with a command', async () => {
    const files = fullV2Files();
    delete files['scoring_program/metadata.yaml'];
    files['ingestion_program.zip'] = {
      zip: { 'ingestion/metadata.yaml': 'command: run\n', 'ingestion/ingest.py': '' },
    };
    const result = await readBundle(await make(kind, files));
    result.source?.close();
    expect(result.model).toBeDefined();
    expect(result.problems.map(formatProblem)).toEqual([
      'warning: competition.yaml: tasks[0].scoring_program: scoring_program has no metadata.yaml at its root: the worker will have no command to run (line 45)',
      "warning: competition.yaml: tasks[0].ingestion_program: ingestion_program.zip holds the program in ingestion/; metadata.yaml must be at the root of the program (zip the folder's contents, not the folder) (line 46)",
    ]);
  });

  it('refuses a nested .zip that is not a zip, and one that is a zip bomb', async () => {
    const files = fullV2Files();
    files['ingestion_program.zip'] = 'not a zip at all';
    files['data.zip'] = { zip: { 'zeros.bin': Buffer.alloc(8 * 1024 * 1024) } };
    const yaml = FULL_V2_YAML.replace('public_data: dev/input_data', 'public_data: data.zip');
    const result = await readBundle(await make(kind, { ...files, 'competition.yaml': yaml }));
    result.source?.close();
    expect(result.model).toBeUndefined();
    expect(result.problems.map(formatProblem)).toEqual([
      'competition.yaml: tasks[0].ingestion_program: ingestion_program.zip is not a zip archive (line 46)',
      expect.stringMatching(
        /^competition.yaml: phases\[1\].public_data: data.zip: zeros.bin: compression ratio \d+ exceeds 200 \(line 84\)$/,
      ),
    ]);
  });

  it('warns about a program metadata without command', async () => {
    const files = fullV2Files();
    files['scoring_program/metadata.yaml'] = 'description: no command\n';
    const result = await readBundle(await make(kind, files));
    result.source?.close();
    expect(result.problems.map((p) => p.message)).toEqual([
      'scoring_program/metadata.yaml has no command: nothing will run',
    ]);
  });
});

describe('validateBundle', () => {
  it('splits errors and warnings and closes the bundle', async () => {
    const yaml = FULL_V2_YAML.replace('tasks: [0]\n', 'tasks: [3]\n').replace(
      'title: Full v2',
      'title: Full v2\ncolour: blue',
    );
    const result = await validateBundle(await make('zip', { ...fullV2Files(), 'competition.yaml': yaml }));
    expect(result).toEqual({
      valid: false,
      format: 'v2',
      errors: [
        {
          file: 'competition.yaml',
          path: 'phases[1].tasks[0]',
          line: 78,
          message: 'task index 3 does not exist; declared task indexes: 0, 1, 2',
        },
      ],
      warnings: [{ file: 'competition.yaml', path: 'colour', line: 4, message: 'unknown key colour is ignored' }],
      summary: { title: 'Full v2', phases: 2, tasks: 3, leaderboards: 2 },
    });
  });

  it('reports a bundle that cannot be opened as one error on the bundle', async () => {
    const result = await validateBundle(join(dir, 'nope.zip'));
    expect(result).toMatchObject({ valid: false, format: null, openErrorCode: 'not-found' });
    expect(result.errors).toEqual([{ file: 'nope.zip', path: '', message: 'no such file or folder' }]);
  });
});
