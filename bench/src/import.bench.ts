import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { mkdir, mkdtemp, readdir, rm, stat, statfs } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { bigBoard } from './board-setup';
import { type ApiUnderTest, benchDatabase, repositoryRoot, startApi } from './import/api-under-test';
import { type BigBundle, writeBigBundle } from './import/big-bundle';
import { type BoardReads, readBoard } from './import/board-reader';
import { type RawS3Figures, rawS3 } from './import/s3-baseline';
import { CephHousekeeping, dropBucket, type S3Target } from './import/s3-housekeeping';
import { percentile } from './stats';

const run = promisify(execFile);
const ROOT = repositoryRoot();
const MB = 1_000_000;

interface Timed {
  seconds: number;
  peakMb: number;
  /** Resident memory when the call started (the API idle, with the board's caches warm), in MB. */
  startMb?: number;
  /** CPU time the API used meanwhile (user and system). */
  cpu?: number;
  reads?: BoardReads;
}

interface StorageFigures {
  storage: string;
  unzip: number;
  /** S3 only: the store's own speed with the bundle's bytes, same run. */
  raw?: RawS3Figures;
  idle: BoardReads;
  post: Timed;
  resumable: Timed & { uploadSeconds: number | null };
  export: Timed & { zip: number; bytes: number };
  refused?: Timed & { status: number; objectsLeft: number };
}

/**
 * `npm run bench -- import`: a bundle of 1.5 GB of CSV (deflated) and 0.5 GB of random bytes (stored) imported through
 * `POST /api/competitions` and through the resumable upload path (`arena competition upload`, the built CLI), on local
 * storage and on S3 (the tests' Ceph radosgw), each beside `unzip` of the same file in the same run; then the export
 * of the imported competition (full) beside `zip` of the same files; board reads (every 20 ms, another process) idle
 * and during each import; the API's peak RSS (its own process, built API: BENCH_API_MAIN). With local storage, the
 * same bundle with a bad competition.yaml as its last entry is refused: how fast, and what it left stored.
 * Everything generated lies under one temporary folder (BENCH_TMP), removed at the end.
 */
export async function importBench(): Promise<void> {
  const env = process.env;
  const sizes = { csvMb: Number(env.BENCH_IMPORT_CSV_MB ?? 1500), binMb: Number(env.BENCH_IMPORT_BIN_MB ?? 500) };
  const storages = (env.BENCH_IMPORT_STORAGES ?? 'local,s3').split(',').map((s) => s.trim());
  // BENCH_IMPORT_STEPS: a subset of post,resumable,refused (export follows post), to look at one of them.
  const adminUrl = env.BENCH_ADMIN_DATABASE_URL ?? 'postgresql://arena:arena@127.0.0.1:5432/postgres';
  const stamp = Date.now().toString(36);
  const tmp = await mkdtemp(join(env.BENCH_TMP ?? tmpdir(), 'arena-bench-import-'));
  let db: Awaited<ReturnType<typeof benchDatabase>> | undefined;
  try {
    const free = await statfs(tmp);
    const need = (sizes.csvMb + sizes.binMb) * MB * 5;
    if (free.bavail * free.bsize < need) {
      throw new Error(`${tmp}: ${need / 1e9} GB free needed (BENCH_TMP elsewhere?)`);
    }
    let t0 = performance.now();
    const bundle = await writeBigBundle(join(tmp, 'big-bundle.zip'), sizes);
    const refused =
      storages.includes('local') && (env.BENCH_IMPORT_STEPS ?? 'refused').includes('refused')
        ? await writeBigBundle(join(tmp, 'big-refused.zip'), sizes, true)
        : undefined;
    console.log(
      `bundle: ${mb(bundle.bytes)} MB zip, ${mb(bundle.contentBytes)} MB unpacked (${sizes.csvMb} MB CSV deflated, ` +
        `${sizes.binMb} MB random stored), written in ${since(t0)} s; ${cpus().length} CPUs, load average ${load()}`,
    );
    db = await benchDatabase(adminUrl, `arena_bench_import_${stamp}`);
    const figures: StorageFigures[] = [];
    for (const storage of storages) {
      t0 = performance.now();
      const f = await oneStorage(storage, { tmp, stamp, bundle, refused, databaseUrl: db.url });
      if (f) {
        figures.push(f);
      }
      console.log(`  (${storage} done in ${since(t0)} s, load average ${load()})`);
    }
    report(bundle, figures);
  } finally {
    await db?.drop().catch((e: unknown) => console.error(`could not drop the bench database: ${String(e)}`));
    await rm(tmp, { recursive: true, force: true });
  }
}

async function oneStorage(
  storage: string,
  ctx: { tmp: string; stamp: string; bundle: BigBundle; refused?: BigBundle; databaseUrl: string },
): Promise<StorageFigures | null> {
  const env = process.env;
  const { tmp, stamp, bundle } = ctx;
  const steps = new Set((env.BENCH_IMPORT_STEPS ?? 'post,resumable,refused').split(',').map((x) => x.trim()));
  const s3: S3Target = {
    endpoint: env.BENCH_S3_ENDPOINT ?? 'http://127.0.0.1:7480',
    accessKeyId: env.BENCH_S3_ACCESS_KEY_ID ?? 'arenaaccesskey',
    secretAccessKey: env.BENCH_S3_SECRET_ACCESS_KEY ?? 'arenasecretkey123',
    bucket: `arena-bench-import-${stamp}`,
  };
  const ceph = new CephHousekeeping();
  const localDir = join(tmp, 'storage');
  const storageEnv: Record<string, string> =
    storage === 's3'
      ? {
          S3_ENDPOINT: s3.endpoint,
          S3_BUCKET: s3.bucket,
          S3_ACCESS_KEY_ID: s3.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        }
      : { STORAGE_DIR: localDir };
  if (storage === 's3') {
    await ceph.collectGarbage();
    const free = await ceph.freeBytes();
    // An import holds the upload, the kept bundle and the parts at once; other tests use the same gateway.
    if (free !== null && free < bundle.bytes * 3.5) {
      console.log(
        `s3: skipped, the gateway has ${mb(free)} MB free and an import of this bundle needs ${mb(bundle.bytes * 3.5)} MB`,
      );
      return null;
    }
  }
  const queue = `arena.bench.import.${stamp}.${storage}`;
  const api = await startApi({
    DATABASE_URL: ctx.databaseUrl,
    JOB_QUEUE: queue,
    UPLOAD_TMP_DIR: join(tmp, `uploads-${storage}`),
    MAX_BUNDLE_MB: String(Math.ceil((bundle.bytes * 1.1) / 1024 / 1024)),
    RATE_LIMIT_LOGIN_PER_ADDRESS: '0',
    RATE_LIMIT_TOKEN_PER_ADDRESS: '0',
    ...storageEnv,
  });
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: 4 });
  try {
    const boardTmp = join(tmp, `board-${storage}`);
    await mkdir(boardTmp, { recursive: true });
    const board = await bigBoard(api.url, pool, boardTmp, { submissions: 20_000, participants: 2_000, callers: 1 });
    const token = await signUp(api.url, `bench-import-${ctx.stamp}-${storage}`);
    const boardUrl = `${api.url}/api/phases/${board.phaseId}/leaderboards/main?limit=100`;
    const warm = readBoard(boardUrl);
    await sleep(3000);
    await warm.stop();
    const idleReads = readBoard(boardUrl);
    await sleep(Number(env.BENCH_IDLE_SECONDS ?? 10) * 1000);
    const idle = await idleReads.stop();
    const unzipped = await timeUnzip(bundle.path, join(tmp, 'unzipped'));
    const unzip = unzipped.seconds;
    console.log(
      `${storage}: unzip of the bundle ${unzip.toFixed(1)} s (${speed(bundle.bytes, unzip)}), CPU ${unzipped.cpu} s`,
    );
    let raw: RawS3Figures | undefined;
    if (storage === 's3') {
      raw = await rawS3(s3, bundle.path);
      await ceph.collectGarbage();
      console.log(
        `s3: the bundle's bytes through the AWS SDK: Upload ${raw.upload.toFixed(1)} s (${speed(bundle.bytes, raw.upload)}), ` +
          `one GET ${raw.download.toFixed(1)} s (${speed(bundle.bytes, raw.download)})`,
      );
    }

    const none: Timed = { seconds: Number.NaN, peakMb: Number.NaN };
    let [post, exp, zip, exportBytes]: [Timed & { body?: unknown }, Timed, number, number] = [
      none,
      none,
      Number.NaN,
      0,
    ];
    if (steps.has('post')) {
      post = await measured(api, boardUrl, async () => {
        const r = await postFile(`${api.url}/api/competitions`, token, 'bundle', bundle.path);
        if (r.status !== 201) {
          throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 2000)}`);
        }
        return r.body;
      });
      const competitionId = (post.body as { id: string }).id;
      console.log(`${storage}: POST /api/competitions ${describe(post, bundle.bytes, unzip)}`);
      for (const line of api.importLog()) {
        console.log(`  API: ${line}`);
      }

      const exported = join(tmp, 'export.zip');
      exp = await measured(api, null, () =>
        download(`${api.url}/api/competitions/${competitionId}/bundle`, token, exported),
      );
      ({ seconds: zip, bytes: exportBytes } = await timeZipOfSameFiles(exported, join(tmp, 'exported-files')));
      if (process.env.BENCH_DEBUG) {
        console.log(await run('unzip', ['-lv', exported]).then((r) => r.stdout));
      }
      console.log(
        `${storage}: export (full) ${speed(exportBytes, exp.seconds)} in ${exp.seconds.toFixed(1)} s, peak RSS ${exp.peakMb.toFixed(0)} MB; ` +
          `zip of the same files ${zip.toFixed(1)} s: ratio ${(zip / exp.seconds).toFixed(2)}`,
      );
      await rm(exported, { force: true });
      await deleteCompetition(api.url, token, competitionId);
      // Deleted objects stay in the tests' Ceph (all in RAM) until collected: the next import would fill it.
      if (storage === 's3') {
        await ceph.collectGarbage();
      }
    }

    let resumable: Timed & { uploadSeconds: number | null; competitionId?: string } = { ...none, uploadSeconds: null };
    const room = storage === 's3' ? await ceph.freeBytes() : null;
    if (room !== null && room < bundle.bytes * 3.5) {
      console.log(`s3: resumable skipped, the gateway has ${mb(room)} MB free and needs ${mb(bundle.bytes * 3.5)} MB`);
      steps.delete('resumable');
    }
    if (steps.has('resumable')) {
      try {
        resumable = await measuredCli(api, boardUrl, token, bundle.path, join(tmp, `cli-${storage}`));
        console.log(
          `${storage}: arena competition upload ${describe(resumable, bundle.bytes, unzip)}` +
            (resumable.uploadSeconds !== null
              ? `; parts sent in ${resumable.uploadSeconds.toFixed(1)} s, created ${(resumable.seconds - resumable.uploadSeconds).toFixed(1)} s later`
              : ''),
        );
        for (const line of api.importLog()) {
          console.log(`  API: ${line}`);
        }
        await deleteCompetition(api.url, token, resumable.competitionId!);
        if (storage === 's3') {
          await ceph.collectGarbage();
        }
      } catch (e) {
        console.log(`${storage}: arena competition upload failed: ${(e as Error).message.slice(-500)}`);
        resumable = { seconds: Number.NaN, peakMb: Number.NaN, uploadSeconds: null };
      }
    }

    let refusedFigures: StorageFigures['refused'];
    if (storage === 'local' && ctx.refused && steps.has('refused')) {
      const before = await storedFiles(localDir);
      const r = await measured(api, null, () =>
        postFile(`${api.url}/api/competitions`, token, 'bundle', ctx.refused!.path),
      );
      const { status, body } = r.body as { status: number; body: { message?: string } };
      const objectsLeft = [...(await storedFiles(localDir))].filter((f) => !before.has(f)).length;
      refusedFigures = { ...r, status, objectsLeft };
      console.log(
        `${storage}: bad competition.yaml at the end of the zip: HTTP ${status} in ${r.seconds.toFixed(1)} s ` +
          `(${(body.message ?? '').slice(0, 100)}...), ${objectsLeft} object(s) left in storage`,
      );
    }
    return {
      storage,
      unzip,
      raw,
      idle,
      post,
      resumable,
      export: { ...exp, zip, bytes: exportBytes },
      refused: refusedFigures,
    };
  } finally {
    await pool.end();
    await api.stop();
    await fetch(`${rabbitMgmt()}/api/queues/%2F/${encodeURIComponent(queue)}`, {
      method: 'DELETE',
      headers: rabbitAuth(),
    }).catch(() => undefined);
    if (storage === 's3') {
      await dropBucket(s3).catch((e: unknown) => console.error(`could not remove bucket ${s3.bucket}: ${String(e)}`));
      await ceph.collectGarbage();
    }
  }
}

/** Runs `call` with the API's peak RSS measured and, when `boardUrl` is given, the board read meanwhile. */
async function measured(
  api: ApiUnderTest,
  boardUrl: string | null,
  call: () => Promise<unknown>,
): Promise<Timed & { body: unknown }> {
  const reads = boardUrl ? readBoard(boardUrl) : null;
  const startMb = await api.rssMb();
  api.startPeak();
  const cpu0 = await api.cpuSeconds();
  const t0 = performance.now();
  const body = await call().catch(async (e: unknown) => {
    await reads?.stop();
    throw e;
  });
  const seconds = (performance.now() - t0) / 1000;
  const peakMb = await api.peakMb();
  const cpu = (await api.cpuSeconds()) - cpu0;
  return { seconds, peakMb, startMb, cpu, body, ...(reads ? { reads: await reads.stop() } : {}) };
}

/** The built CLI, as an organizer runs it: parts sent (resumable), then the competition created from the upload. */
async function measuredCli(
  api: ApiUnderTest,
  boardUrl: string,
  token: string,
  bundle: string,
  home: string,
): Promise<Timed & { uploadSeconds: number | null; competitionId: string }> {
  await mkdir(home, { recursive: true });
  const cli = resolve(process.env.BENCH_CLI_MAIN ?? `${ROOT}/dist/apps/cli/main.js`);
  let uploadSeconds: number | null = null;
  let output = '';
  const r = await measured(api, boardUrl, async () => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, 'competition', 'upload', bundle], {
      env: { ...process.env, ARENA_URL: api.url, ARENA_TOKEN: token, HOME: home, XDG_CONFIG_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      if (uploadSeconds === null && /uploaded .* as /.test(text)) {
        uploadSeconds = (performance.now() - t0) / 1000;
      }
      output += text.replace(/\r[^\n]*/g, '');
    });
    const code = await new Promise<number>((res) => child.once('exit', (c) => res(c ?? 1)));
    if (code !== 0) {
      throw new Error(`arena competition upload exited ${code}:\n${output.slice(-2000)}`);
    }
    return null;
  });
  const id = /created competition ([0-9a-f-]{36})/.exec(output)?.[1];
  if (!id) {
    throw new Error(`no competition id in the CLI's output:\n${output.slice(-2000)}`);
  }
  return { ...r, uploadSeconds, competitionId: id };
}

async function timeUnzip(zip: string, dir: string): Promise<{ seconds: number; cpu: string }> {
  await rm(dir, { recursive: true, force: true });
  const t0 = performance.now();
  // /usr/bin/time, where it is, for the CPU time unzip used: the machine's other work shows in wall time only.
  const timed = await run('/usr/bin/time', ['-f', '%U %S', 'unzip', '-q', '-o', zip, '-d', dir]).then(
    (r) => r.stderr.trim().split('\n').pop() ?? '',
    async () => (await run('unzip', ['-q', '-o', zip, '-d', dir]), ''),
  );
  const seconds = (performance.now() - t0) / 1000;
  await rm(dir, { recursive: true, force: true });
  const [user, system] = timed.split(' ').map(Number);
  return { seconds, cpu: Number.isFinite(user + system) ? (user + system).toFixed(1) : '?' };
}

/** `zip -r` of the files the export holds (unpacked first, not timed): Info-ZIP stores .zip files as the export does. */
async function timeZipOfSameFiles(exported: string, dir: string): Promise<{ seconds: number; bytes: number }> {
  await rm(dir, { recursive: true, force: true });
  await run('unzip', ['-q', exported, '-d', dir]);
  const out = `${dir}.zip`;
  const t0 = performance.now();
  await run('zip', ['-q', '-r', out, '.'], { cwd: dir });
  const seconds = (performance.now() - t0) / 1000;
  const { size } = await stat(exported);
  await rm(dir, { recursive: true, force: true });
  await rm(out, { force: true });
  return { seconds, bytes: size };
}

function report(bundle: BigBundle, figures: StorageFigures[]): void {
  const p99 = (r?: BoardReads) => (r && r.latencies.length ? percentile(r.latencies, 99) : NaN);
  console.log('');
  console.log(`summary (${mb(bundle.bytes)} MB zip; ratio = unzip time / import time, zip time / export time):`);
  for (const f of figures) {
    const line = (name: string, t: Timed, baseline: number, bytes = bundle.bytes) =>
      `  ${f.storage.padEnd(5)} ${name.padEnd(22)} ${t.seconds.toFixed(1).padStart(6)} s ${speed(bytes, t.seconds).padStart(10)}  ratio ${(baseline / t.seconds).toFixed(2)}  peak RSS ${t.peakMb.toFixed(0)} MB (${t.startMb?.toFixed(0)} MB before)` +
      (t.reads
        ? `  board p99 ${p99(t.reads).toFixed(1)} ms (idle ${p99(f.idle).toFixed(1)} ms, x${(p99(t.reads) / p99(f.idle)).toFixed(2)}, n=${t.reads.latencies.length}, errors ${t.reads.errors})`
        : '');
    console.log(line('POST /api/competitions', f.post, f.unzip));
    console.log(line('arena competition upload', f.resumable, f.unzip));
    console.log(line('export (full)', f.export, f.export.zip, f.export.bytes));
    if (f.raw) {
      // An import writes the kept bundle and its parts (about twice the bundle); an export reads the parts back.
      const { upload, download } = f.raw;
      console.log(
        `  ${f.storage.padEnd(5)} the store itself: Upload of the bundle ${upload.toFixed(1)} s, one GET ${download.toFixed(1)} s; ` +
          `2 uploads / POST ${((2 * upload) / f.post.seconds).toFixed(2)}, 2 uploads / resumable ${((2 * upload) / f.resumable.seconds).toFixed(2)}, ` +
          `GET / export ${(download / f.export.seconds).toFixed(2)}`,
      );
    }
    if (f.refused) {
      console.log(
        `  ${f.storage.padEnd(5)} refused (bad YAML last)  ${f.refused.seconds.toFixed(1).padStart(6)} s  HTTP ${f.refused.status}, ${f.refused.objectsLeft} object(s) left, peak RSS ${f.refused.peakMb.toFixed(0)} MB`,
      );
    }
  }
  console.log(
    'targets: import >= 0.8 x unzip (local), >= 0.5 x (S3); peak RSS <= 200 MB; export >= 0.8 x zip; board p99 during import <= 2 x idle',
  );
  const local = figures.find((f) => f.storage === 'local') ?? figures[0];
  if (local) {
    console.log(
      `RESULT import value=${(bundle.bytes / MB / local.post.seconds).toFixed(1)}MB/s baseline=${(bundle.bytes / MB / local.unzip).toFixed(1)}MB/s ratio=${(local.unzip / local.post.seconds).toFixed(3)}`,
    );
  }
}

function describe(t: Timed, bytes: number, unzip: number): string {
  const reads = t.reads?.latencies.length
    ? `; board p99 ${percentile(t.reads.latencies, 99).toFixed(1)} ms over ${t.reads.latencies.length} reads`
    : '';
  return `${t.seconds.toFixed(1)} s (${speed(bytes, t.seconds)}, ${(unzip / t.seconds).toFixed(2)} x unzip), API CPU ${t.cpu?.toFixed(1)} s, peak RSS ${t.peakMb.toFixed(0)} MB (${t.startMb?.toFixed(0)} MB before)${reads}`;
}

/**
 * A multipart POST of one file, streamed from disk, over node:http: fetch gives up on an answer that takes more than
 * 5 minutes, which an import of gigabytes did before this issue.
 */
async function postFile(
  url: string,
  token: string,
  field: string,
  path: string,
): Promise<{ status: number; body: any }> {
  const boundary = `----arena-bench-${Date.now().toString(16)}`;
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${basename(path)}"\r\ncontent-type: application/zip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(path);
  return new Promise((resolvePost, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...auth(token),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
    file.on('error', reject);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

/**
 * A GET written to a file over node:http, as curl would: fetch's web streams (Readable.fromWeb) took more CPU in this
 * process than the export did in the API's, on a machine of two cores shared with the API and the store.
 */
function download(url: string, token: string, path: string): Promise<null> {
  return new Promise((done, reject) => {
    const req = request(url, { headers: auth(token) }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`export: HTTP ${res.statusCode}`));
        return;
      }
      pipeline(res, createWriteStream(path, { highWaterMark: 1024 * 1024 })).then(() => done(null), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function answer(res: Response, expected: number): Promise<unknown> {
  const body = await res.json().catch(() => null);
  if (res.status !== expected) {
    throw new Error(`HTTP ${res.status} (expected ${expected}): ${JSON.stringify(body).slice(0, 2000)}`);
  }
  return body;
}

async function signUp(api: string, username: string): Promise<string> {
  const res = await fetch(`${api}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${username}@bench.example.org`, username, password: 'bench-password-123' }),
  });
  return ((await answer(res, 201)) as { token: string }).token;
}

async function deleteCompetition(api: string, token: string, id: string): Promise<void> {
  const res = await fetch(`${api}/api/competitions/${id}`, { method: 'DELETE', headers: auth(token) });
  if (!res.ok) {
    console.error(`could not delete competition ${id}: HTTP ${res.status}`);
  }
}

async function storedFiles(dir: string): Promise<Set<string>> {
  const files = new Set<string>();
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (e.isFile()) {
      files.add(join(e.parentPath ?? (e as { path?: string }).path ?? '', e.name));
    }
  }
  return files;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => (bytes / MB).toFixed(0);
const speed = (bytes: number, seconds: number) => `${(bytes / MB / seconds).toFixed(1)} MB/s`;
const since = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const rabbitMgmt = () => new URL(process.env.RABBITMQ_MGMT_URL ?? 'http://admin:admin@127.0.0.1:15672').origin;
function rabbitAuth(): Record<string, string> {
  const u = new URL(process.env.RABBITMQ_MGMT_URL ?? 'http://admin:admin@127.0.0.1:15672');
  return {
    authorization: `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`,
  };
}
