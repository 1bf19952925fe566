import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the worker last recorded about itself; the image's HEALTHCHECK reads it (healthcheck.ts). */
export interface HealthRecord {
  /** `consuming`: connected to the broker and taking jobs; `disconnected`: reconnecting; `stopped`: shut down. */
  broker: 'consuming' | 'disconnected' | 'stopped';
  busy: boolean;
  /** Epoch milliseconds of the record. */
  at: number;
}

/** Records are rewritten this often, so a stale one means a hung process. */
export const HEALTH_INTERVAL_MS = 10_000;
/** A record older than this is a failed check (three missed rewrites). */
export const HEALTH_MAX_AGE_MS = 3 * HEALTH_INTERVAL_MS + 5_000;

/** One file per worker name under the work folder: workers sharing a host and a work folder each have their own. */
export function healthFileOf(workDir: string, workerName: string): string {
  return join(workDir, 'health', `${workerName}.json`);
}

/** Writes whole files only (rename), so a check never reads half a record. */
export async function writeHealth(path: string, record: HealthRecord): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o755 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record));
  await rename(tmp, path);
}

/** Why the worker is unhealthy, or undefined when it is healthy at `now`. */
export async function healthProblem(path: string, now: number): Promise<string | undefined> {
  let record: HealthRecord;
  try {
    record = JSON.parse(await readFile(path, 'utf8')) as HealthRecord;
  } catch (e) {
    return `no health record at ${path} (${(e as Error).message})`;
  }
  const ageMs = now - record.at;
  if (!(ageMs <= HEALTH_MAX_AGE_MS)) {
    return `the worker's last health record is ${Math.round(ageMs / 1000)} s old`;
  }
  if (record.broker !== 'consuming') {
    return `the worker is ${record.broker === 'stopped' ? 'stopped' : 'not connected to its broker'}`;
  }
  return undefined;
}

/** Rewrites the worker's record every HEALTH_INTERVAL_MS from `state()` until stopped; errors are only reported. */
export function recordHealth(
  path: string,
  state: () => Omit<HealthRecord, 'at'>,
  onError: (e: Error) => void,
): { stop(): Promise<void> } {
  // One write at a time: the last record written is the last one asked for (`stopped` at the end).
  let chain = Promise.resolve();
  const write = (record: Omit<HealthRecord, 'at'>) =>
    (chain = chain.then(() => writeHealth(path, { ...record, at: Date.now() }).catch(onError)));
  void write(state());
  const timer = setInterval(() => void write(state()), HEALTH_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await write({ broker: 'stopped', busy: false });
    },
  };
}
