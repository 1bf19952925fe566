import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LEGACY_PREDICTION_PATHS,
  readMetadata,
  readProgramCommand,
  substituteLegacyVariables,
} from './program-command';

describe('substituteLegacyVariables', () => {
  it.each([
    ['python $program/score.py $input $output', 'python /app/program/score.py /app/input /app/output'],
    ['python3 evaluate.py $hidden $predictions $tmp', 'python3 evaluate.py /app/input/ref /app/input/res /app/output'],
    ['run $shared $submission_program', 'run /app/shared /app/ingested_program'],
    ['x $input_data y', 'x /app/input_data y'],
    ['echo $HOME $inputs $PATH', 'echo $HOME $inputs $PATH'],
    ['a $input/ref/b', 'a /app/input/ref/b'],
    ['$output$program', '/app/output/app/program'],
  ])('%s', (command, expected) => {
    expect(substituteLegacyVariables(command)).toBe(expected);
  });
});

describe('readProgramCommand', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arena-meta-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads metadata.yaml and substitutes', async () => {
    await writeFile(join(dir, 'metadata.yaml'), 'command: python3 $program/score.py $input $output\ndescription: x\n');
    await expect(readProgramCommand(dir)).resolves.toBe('python3 /app/program/score.py /app/input /app/output');
  });

  it('falls back to a file named metadata', async () => {
    await writeFile(join(dir, 'metadata'), 'command: "python3 score.py"\n');
    await expect(readProgramCommand(dir)).resolves.toBe('python3 score.py');
  });

  it('fails the run as bad_bundle without a command', async () => {
    await expect(readProgramCommand(dir)).rejects.toMatchObject({
      code: 'bad_bundle',
      message: 'the scoring program has no metadata.yaml with a command',
    });
    await writeFile(join(dir, 'metadata.yaml'), 'description: no command\n');
    await expect(readProgramCommand(dir)).rejects.toMatchObject({ code: 'bad_bundle' });
  });

  it('refuses invalid YAML, huge files and symlinks', async () => {
    await writeFile(join(dir, 'metadata.yaml'), 'command: [unclosed\n');
    await expect(readProgramCommand(dir)).rejects.toMatchObject({ code: 'bad_bundle', message: /not valid YAML/ });
    await writeFile(join(dir, 'metadata.yaml'), `command: x\n#${'a'.repeat(70_000)}\n`);
    await expect(readProgramCommand(dir)).rejects.toMatchObject({ code: 'bad_bundle', message: /larger than 65536/ });
    await rm(join(dir, 'metadata.yaml'));
    await symlink('/etc/passwd', join(dir, 'metadata.yaml'));
    await expect(readProgramCommand(dir)).rejects.toMatchObject({ code: 'bad_bundle', message: /symbolic link/ });
  });

  it("tells a submission's metadata file apart from none, and reads one that is not YAML as one without a command", async () => {
    await expect(readMetadata(dir, 'submission', LEGACY_PREDICTION_PATHS, { lenient: true })).resolves.toBeNull();
    await writeFile(join(dir, 'metadata'), 'This is my results\n\tsubmission: {broken\n');
    await expect(readMetadata(dir, 'submission', LEGACY_PREDICTION_PATHS, { lenient: true })).resolves.toEqual({
      file: 'metadata',
      command: null,
    });
    await expect(readMetadata(dir, 'submission', LEGACY_PREDICTION_PATHS)).rejects.toMatchObject({
      code: 'bad_bundle',
    });
    await writeFile(join(dir, 'metadata'), 'description: my results\n');
    await expect(readMetadata(dir, 'submission', LEGACY_PREDICTION_PATHS)).resolves.toEqual({
      file: 'metadata',
      command: null,
    });
  });
});
