import { z } from 'zod';
import { parseJsonBuffer, parseVersioned } from './parse';
import { PROTOCOL_VERSION } from './version';

/** The files a run may fetch from the API; each is a zip served at `workerRoutes.file(runId, name)`. */
export const RUN_FILE_NAMES = [
  'submission',
  'scoring_program',
  'reference_data',
  'input_data',
  'ingestion_program',
] as const;
export type RunFileName = (typeof RUN_FILE_NAMES)[number];

export const resourceLimitsSchema = z.object({
  /** Wall-clock limit over the whole run, in seconds. */
  timeLimitSec: z.number().int().positive(),
  memoryMb: z.number().int().positive(),
  cpus: z.number().positive(),
  pids: z.number().int().positive(),
});
export type ResourceLimits = z.infer<typeof resourceLimitsSchema>;

/** Names of worker-local data (WORKER_LOCAL_DATA, `worker://<name>`): never a path. */
export const LOCAL_DATA_NAME = /^[A-Za-z0-9_][\w.-]{0,99}$/;
const localDataName = z.string().regex(LOCAL_DATA_NAME, 'must be a worker-local data name (letters, digits, . _ -)');
export const localDataSchema = z.object({
  reference_data: localDataName.optional(),
  input_data: localDataName.optional(),
});
export type LocalData = z.infer<typeof localDataSchema>;

export const scoreJobSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  kind: z.literal('score'),
  runId: z.uuid(),
  submissionId: z.uuid(),
  competitionId: z.uuid(),
  phaseId: z.uuid(),
  taskId: z.uuid(),
  attempt: z.number().int().min(1),
  /** Bearer token that authorizes calls for this run only, until it ends. */
  token: z.string().min(32),
  /** Image as the bundle names it; the worker maps it to a local image where configured. */
  image: z.string().min(1).max(256),
  limits: resourceLimitsSchema,
  /** Which run files exist for this job. */
  files: z.array(z.enum(RUN_FILE_NAMES)).min(1),
  /** Codabench `ingestion_only_during_scoring`: the ingestion program runs beside the scoring program, not before. */
  ingestionOnlyDuringScoring: z.boolean().default(false),
  /**
   * No prediction step (CodaLab `is_scoring_only`): the submission is scored as results even when it has a command of
   * its own; no ingestion program is sent.
   */
  scoringOnly: z.boolean().optional(),
  /** The queue requires GPU workers: a worker without GPUs fails the run rather than running it on the CPU. */
  requiresGpu: z.boolean().optional(),
  /**
   * Data the task names as held on the worker's own disk (`worker://<name>` in the bundle), never uploaded: the
   * worker mounts its folder of that name read-only instead of downloading the part.
   */
  localData: localDataSchema.optional(),
  /** Score keys the leaderboard expects; others are reported back as unknown. */
  scoreKeys: z.array(z.string().min(1)),
  createdAt: z.iso.datetime(),
});
export type ScoreJob = z.infer<typeof scoreJobSchema>;

export function parseScoreJob(body: Buffer | string | unknown): ScoreJob {
  const raw = Buffer.isBuffer(body) || typeof body === 'string' ? parseJsonBuffer('job message', body) : body;
  return parseVersioned('job message', scoreJobSchema, raw);
}

export function encodeScoreJob(job: ScoreJob): Buffer {
  return Buffer.from(JSON.stringify(scoreJobSchema.parse(job)));
}
