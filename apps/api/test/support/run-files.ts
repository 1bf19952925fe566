import { buffer } from 'node:stream/consumers';
import { workerRoutes } from '@arena/worker-protocol';
import { expect } from 'vitest';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';

/** A zip of the given files, as a worker uploads a run's output. */
export async function zipBytes(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(text), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) {
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Every entry of a zip as text: what a downloader of the output reads. */
export async function zipTexts(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))),
  );
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (err, s) => {
        if (err) {
          return reject(err);
        }
        // A failed read rejects the whole listing rather than going unhandled.
        buffer(s).then((bytes) => {
          out[entry.fileName] = bytes.toString('utf8');
          zip.readEntry();
        }, reject);
      }),
    );
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/**
 * What a worker uploads of a scored run before its result: the output zip (scores.json and scores.txt with every
 * score, a predictions file, a detailed results page) and both logs, stored and live, printing every score.
 */
export async function uploadRunFiles(
  apiUrl: string,
  job: { runId: string; token: string },
  scores: Record<string, number>,
): Promise<void> {
  const auth = { authorization: `Bearer ${job.token}` };
  const printed = Object.entries(scores)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const output = await zipBytes({
    'scores.json': JSON.stringify(scores),
    'scores.txt': Object.entries(scores)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    'predictions.csv': 'id,label\n1,0\n',
    // The organizer's page for participants: what it shows is the scoring program's choice, served as written.
    'detailed_results.html': '<html><body><h1>Per-class results</h1></body></html>',
  });
  const put = await fetch(`${apiUrl}${workerRoutes.output(job.runId)}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/zip' },
    body: output,
  });
  expect(put.status).toBe(204);
  for (const stream of ['stdout', 'stderr'] as const) {
    const body = `${stream}: ${printed}\n`;
    const log = await fetch(`${apiUrl}${workerRoutes.logs(job.runId, stream)}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'text/plain' },
      body,
    });
    expect(log.status).toBe(204);
    const live = await fetch(`${apiUrl}${workerRoutes.logAppend(job.runId, stream)}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain', 'x-log-offset': '0' },
      body,
    });
    expect(live.status).toBeLessThan(300);
  }
}
