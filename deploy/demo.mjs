// The demo of README command 1, through the public HTTP API only: an organizer uploads the example bundle, a
// participant registers and submits the example predictions, a worker scores them in a container, and the
// phase leaderboard is printed.  Usage: node deploy/demo.mjs [API base URL]
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { finished } from 'node:stream/promises';

const require = createRequire(import.meta.url);
const yazl = require('yazl');
const api = (process.argv[2] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const example = resolve(import.meta.dirname, '../examples/binary-classification');
const stamp = Date.now().toString(36);

async function zip(dir, out) {
  const z = new yazl.ZipFile();
  const walk = async (d) => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name);
      if ((await stat(p)).isDirectory()) await walk(p);
      else z.addFile(p, relative(dir, p));
    }
  };
  await walk(dir);
  z.end();
  const ws = createWriteStream(out);
  z.outputStream.pipe(ws);
  await finished(ws);
  return out;
}

async function call(method, path, { token, json, form } = {}) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  if (json) headers['content-type'] = 'application/json';
  const res = await fetch(api + path, { method, headers, body: json ? JSON.stringify(json) : form });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function upload(path, token, field, file, fields = {}) {
  const form = new FormData();
  form.append(field, await openAsBlob(file), file.split('/').pop());
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return call('POST', path, { token, form });
}

const account = (name) =>
  call('POST', '/api/auth/signup', {
    json: { email: `${name}@example.org`, username: name, password: 'demo-password-123' },
  });

const tmp = await mkdtemp(join(tmpdir(), 'arena-demo-'));
const organizer = await account(`organizer-${stamp}`);
const participant = await account(`participant-${stamp}`);
console.log(`accounts: ${organizer.user.username} (organizer), ${participant.user.username} (participant)`);

const competition = await upload(
  '/api/competitions',
  organizer.token,
  'bundle',
  await zip(join(example, 'bundle'), join(tmp, 'bundle.zip')),
);
const phase = competition.phases[0];
console.log(
  `competition "${competition.title}" created (${competition.id}) as a ${competition.visibility}, phase "${phase.name}" ${phase.state}`,
);
// A new upload is a draft, seen by its organizers only: the organizer publishes it for the participant.
await call('PUT', `/api/competitions/${competition.id}/visibility`, {
  token: organizer.token,
  json: { visibility: 'public' },
});
console.log('  published (visibility public)');
console.log(`  in the browser: ${api}/competitions/${competition.id}`);

await call('POST', `/api/competitions/${competition.id}/participation`, {
  token: participant.token,
  json: { acceptTerms: true },
});
const submitted = await upload(
  `/api/phases/${phase.id}/submissions`,
  participant.token,
  'file',
  await zip(join(example, 'submission'), join(tmp, 'results.zip')),
  { description: 'demo predictions' },
);
console.log(`submission ${submitted.id} ${submitted.status}; waiting for the worker...`);

const t0 = Date.now();
let sub = submitted;
while (!['finished', 'failed', 'cancelled'].includes(sub.status)) {
  if (Date.now() - t0 > 180_000)
    throw new Error(`submission still ${sub.status} after 180 s: is the worker running? (.arena/logs/worker.log)`);
  await new Promise((r) => setTimeout(r, 300));
  sub = await call('GET', `/api/submissions/${submitted.id}`, { token: participant.token });
}
if (sub.status !== 'finished') throw new Error(`submission ${sub.status}: ${sub.failureCode}: ${sub.failureMessage}`);
const run = sub.runs[0];
console.log(
  `scored in ${((Date.now() - t0) / 1000).toFixed(1)} s (container ${run.elapsedMs} ms on worker ${run.workerName})`,
);

// The boards take a result in just after the worker reported it: wait until none has one pending.
let leaderboards = (await call('GET', `/api/phases/${phase.id}/leaderboard`)).leaderboards;
while (leaderboards.some((b) => b.freshness.pending > 0) && Date.now() - t0 < 200_000) {
  await new Promise((r) => setTimeout(r, 100));
  leaderboards = (await call('GET', `/api/phases/${phase.id}/leaderboard`)).leaderboards;
}
for (const board of leaderboards) {
  console.log(`\nLeaderboard "${board.title}" (ranked by ${board.primaryKey})`);
  const cols = board.columns;
  const header = ['rank', 'participant', ...cols.map((c) => c.title)];
  const rows = board.rows.map((r) => [
    String(r.rank ?? '-'),
    r.participant,
    ...cols.map((c) => (r.scores[c.key] ?? NaN).toFixed(c.precision)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
