import { createWriteStream } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yazl from 'yazl';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { countStoredObjects } from '../support/stored-objects';
import { zipFolder } from '../support/zip-folder';

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');

/** Sets the uncompressed size the central directory (and the local header, if it has one) declares for `name`. */
function declareSize(bytes: Buffer, name: string, size: number): void {
  let patched = 0;
  for (let i = 0; i + 46 <= bytes.length; i++) {
    const sig = bytes.readUInt32LE(i);
    const [nameAt, sizeAt, lengthAt] =
      sig === 0x02014b50 ? [46, 24, 28] : sig === 0x04034b50 ? [30, 22, 26] : [0, 0, 0];
    if (!nameAt || bytes.toString('utf8', i + nameAt, i + nameAt + bytes.readUInt16LE(i + lengthAt)) !== name) {
      continue;
    }
    // A local header written before its data (data descriptor) declares 0: left as it is.
    if (sig === 0x02014b50 || bytes.readUInt32LE(i + sizeAt) !== 0) {
      bytes.writeUInt32LE(size, i + sizeAt);
    }
    patched += 1;
  }
  if (patched === 0) {
    throw new Error(`no entry ${name}`);
  }
}

/**
 * Issue 15, finding 7: zips that are bombs in many small entries, that lie about their sizes, or whose entry names
 * hold control characters are refused at upload with a 400 naming the problem, and nothing is stored.
 */
describe('hostile zips are refused at upload, nothing stored', () => {
  let fx: ArenaFixture;
  let organizer: HttpClient;
  let participant: HttpClient;
  let phaseId: string;
  const storage = () => countStoredObjects({ STORAGE_DIR: join(fx.tmp, 's') });
  const rows = async (table: string) =>
    (await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  const writeZip = async (
    name: string,
    add: (z: yazl.ZipFile) => void,
    patch?: (bytes: Buffer) => void,
  ): Promise<string> => {
    const z = new yazl.ZipFile();
    add(z);
    z.end();
    const path = join(fx.tmp, name);
    await pipeline(z.outputStream, createWriteStream(path));
    if (patch) {
      const bytes = await readFile(path);
      patch(bytes);
      await writeFile(path, bytes);
    }
    return path;
  };

  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    participant = await fx.user('par');
    const c = await fx.competition(organizer);
    phaseId = c.phaseId;
    await fx.register(participant, c.id);
  }, 60_000);
  afterAll(() => fx?.stop());

  const predictions = () => readFile(join(EXAMPLE, 'submission', 'predictions.csv'));

  it.each([
    [
      'a bomb of many small entries',
      async () =>
        writeZip('small-bombs.zip', (z) => {
          for (let i = 0; i < 40; i++) {
            z.addBuffer(Buffer.alloc(1024 * 1024), `pad-${i}.bin`);
          }
        }),
      /whole archive: compression ratio \d+ exceeds 200/,
    ],
    [
      'an entry larger than its header says',
      async () => {
        const csv = Buffer.concat([await predictions(), Buffer.alloc(200 * 1024, 0x30)]);
        return writeZip(
          'liar.zip',
          (z) => z.addBuffer(csv, 'predictions.csv'),
          (b) => declareSize(b, 'predictions.csv', 1000),
        );
      },
      /predictions\.csv: holds more than the 1000 bytes its header declares/,
    ],
    [
      'a NUL in an entry name',
      async () => {
        const csv = await predictions();
        return writeZip(
          'nul.zip',
          (z) => {
            z.addBuffer(csv, 'predictions.csv');
            z.addBuffer(csv, 'scoresX.json');
          },
          (b) => {
            for (let i = b.indexOf('scoresX.json'); i >= 0; i = b.indexOf('scoresX.json', i + 1)) {
              b[i + 6] = 0;
            }
          },
        );
      },
      /NUL byte in name/,
    ],
    [
      'a control character in an entry name',
      async () =>
        writeZip(
          'ctl.zip',
          (z) => z.addBuffer(Buffer.from('x'), 'aXb.csv'),
          (b) => {
            for (let i = b.indexOf('aXb.csv'); i >= 0; i = b.indexOf('aXb.csv', i + 1)) {
              b[i + 1] = 0x1b;
            }
          },
        ),
      /control character U\+001B in name/,
    ],
  ])('refuses a submission with %s', async (_what, make, problem) => {
    const path = await make();
    const [objects, submissions] = [await storage(), await rows('submissions')];
    const r = await participant.upload(`/api/phases/${phaseId}/submissions`, 'file', path);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(problem);
    expect(r.body.message).not.toContain(fx.tmp);
    expect(await rows('submissions')).toBe(submissions);
    expect(await storage()).toBe(objects);
  });

  it('refuses a bundle whose reference data is larger than its header says, storing nothing', async () => {
    const dir = join(fx.tmp, 'lying-bundle');
    await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
    await writeFile(
      join(dir, 'reference_data', 'truth.csv'),
      Buffer.concat([await readFile(join(dir, 'reference_data', 'truth.csv')), Buffer.alloc(100 * 1024, 0x30)]),
    );
    const path = await zipFolder(dir, `${dir}.zip`);
    const bytes = await readFile(path);
    declareSize(bytes, 'reference_data/truth.csv', 400);
    await writeFile(path, bytes);

    const [objects, competitions, datasets] = [await storage(), await rows('competitions'), await rows('datasets')];
    const r = await organizer.upload('/api/competitions', 'bundle', path);
    await organizer.publish(r);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/reference_data\/truth\.csv: holds more than the 400 bytes its header declares/);
    expect(r.body.message).not.toContain(fx.tmp);
    expect(await storage()).toBe(objects);
    expect(await rows('competitions')).toBe(competitions);
    expect(await rows('datasets')).toBe(datasets);
  });

  it('refuses a bundle that is a bomb of many small entries', async () => {
    const dir = join(fx.tmp, 'bomb-bundle');
    await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
    for (let i = 0; i < 40; i++) {
      await writeFile(join(dir, 'pages', `pad-${i}.md`), Buffer.alloc(1024 * 1024, 0x20));
    }
    const objects = await storage();
    const r = await organizer.upload('/api/competitions', 'bundle', await zipFolder(dir, `${dir}.zip`));
    await organizer.publish(r);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/whole archive: compression ratio \d+ exceeds 200/);
    expect(await storage()).toBe(objects);
  });
});
