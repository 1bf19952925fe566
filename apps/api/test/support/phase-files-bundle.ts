import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { HttpClient } from './http-client';
import { zipFolder } from './zip-folder';

export const EXAMPLE_BUNDLE = resolve(__dirname, '../../../../examples/binary-classification/bundle');
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Folders added to the example bundle: public data, a starting kit, input data and an ingestion program. */
const EXTRA_FOLDERS: Record<string, Record<string, string>> = {
  // Random bytes (as base64): a file the zip cannot shrink, large enough to cut a download in the middle.
  public_data: {
    'train.txt': randomBytes(48_000).toString('base64'),
    'README.txt': 'Training data for participants\n',
  },
  starting_kit: { 'baseline.py': 'print("predict 0 everywhere")\n'.repeat(500) },
  input_data: { 'test.csv': 'x\n1\n2\n' },
  ingestion_program: { 'metadata.yaml': 'command: python3 $program/ingest.py\n', 'ingest.py': 'pass\n' },
};

/** competition.yaml edits naming those folders: the task's input data and ingestion program, the phase's parts. */
export const WITH_PARTS: [string | RegExp, string][] = [
  [
    '    reference_data: reference_data\n',
    '    reference_data: reference_data\n    input_data: input_data\n    ingestion_program: ingestion_program\n',
  ],
  [
    '    execution_time_limit: 120\n',
    '    execution_time_limit: 120\n    public_data: public_data\n    starting_kit: starting_kit\n',
  ],
];

/** Imports the example bundle with the extra folders and competition.yaml edits (built under `tmp`); returns its ids. */
export async function competitionWithFiles(
  tmp: string,
  organizer: HttpClient,
  edits: [string | RegExp, string][] = WITH_PARTS,
): Promise<{ id: string; phaseId: string }> {
  const dir = join(tmp, `files-${randomBytes(3).toString('hex')}`);
  await cp(EXAMPLE_BUNDLE, dir, { recursive: true });
  for (const [folder, files] of Object.entries(EXTRA_FOLDERS)) {
    await mkdir(join(dir, folder));
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, folder, name), text);
    }
  }
  let yaml = await readFile(join(dir, 'competition.yaml'), 'utf8');
  for (const [from, to] of edits) {
    const next = yaml.replace(from, to);
    if (next === yaml) {
      throw new Error(`bundle edit ${String(from)} changed nothing`);
    }
    yaml = next;
  }
  await writeFile(join(dir, 'competition.yaml'), yaml);
  const created = await organizer.upload('/api/competitions', 'bundle', await zipFolder(dir, `${dir}.zip`));
  await organizer.publish(created);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, phaseId: created.body.phases[0].id as string };
}
