import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpExampleCompetition } from './example-competition';
import { prepareRawLayout, rawDockerRuns } from './raw-docker';
import { percentile, resultLine, summary } from './stats';

/**
 * Submissions scored per minute per worker: a burst of BENCH_N submissions of the example through the whole
 * platform, beside a raw `docker run` loop of the same scorer on the same image in the same run. Also the
 * submit-to-finished time of each submission of the burst (p50, p95), which includes its wait in the queue.
 * BENCH_WORKERS says how many workers serve the platform's queue (README command 1 starts one).
 */
export async function throughput(): Promise<void> {
  const api = (process.env.ARENA_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const n = Number(process.env.BENCH_N ?? 30);
  const workers = Number(process.env.BENCH_WORKERS ?? 1);
  const image = process.env.BENCH_IMAGE ?? 'arena/codalab-legacy:py3';
  const tmp = await mkdtemp(join(tmpdir(), 'arena-bench-'));
  try {
    const raw = rawDockerRuns(await prepareRawLayout(tmp), image, n);
    const rawPerMin = n / (raw.reduce((a, b) => a + b, 0) / 60_000);
    console.log(`raw docker run loop (${image}): ${summary(raw)}; ${rawPerMin.toFixed(1)} runs/min`);

    // Organizers bypass submission limits, so the burst comes from the organizer.
    const { organizer, phaseId, results } = await setUpExampleCompetition(api, tmp);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push((await organizer.upload(`/api/phases/${phaseId}/submissions`, 'file', results)).id);
    }
    const deadline = Date.now() + 30 * 60_000;
    let subs: { id: string; status: string; createdAt: string; finishedAt: string | null }[] = [];
    while (Date.now() < deadline) {
      subs = (await organizer.call('GET', `/api/phases/${phaseId}/submissions?limit=200`)).filter((s: { id: string }) =>
        ids.includes(s.id),
      );
      if (subs.every((s) => ['finished', 'failed', 'cancelled'].includes(s.status))) {
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const failed = subs.filter((s) => s.status !== 'finished');
    if (failed.length) {
      throw new Error(`${failed.length} submissions did not finish: ${failed.map((s) => s.status).join(', ')}`);
    }
    const latencies = subs.map((s) => Date.parse(s.finishedAt!) - Date.parse(s.createdAt));
    const first = Math.min(...subs.map((s) => Date.parse(s.createdAt)));
    const last = Math.max(...subs.map((s) => Date.parse(s.finishedAt!)));
    const perMinPerWorker = n / ((last - first) / 60_000) / workers;
    console.log(`platform burst of ${n} on ${workers} worker(s): ${perMinPerWorker.toFixed(1)} scored/min/worker`);
    console.log(
      `submit-to-finished in the burst: ${summary(latencies)} (p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms)`,
    );
    console.log(resultLine('throughput', perMinPerWorker, rawPerMin, 'runs/min'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
