import { z } from 'zod';
import { parseVersioned } from './parse';
import { PROTOCOL_VERSION } from './version';

/** Why a run failed; the submitter sees the code and the message. */
export const RUN_FAILURE_CODES = [
  'program_error',
  'time_limit_exceeded',
  'out_of_memory',
  'output_too_large',
  'no_scores',
  'invalid_scores',
  'image_unavailable',
  'bad_bundle',
  'worker_error',
  /** The job needs GPUs this worker does not have, or the host cannot hand them to containers. */
  'gpu_unavailable',
  /** The task names worker-local data this worker does not hold. */
  'local_data_unavailable',
] as const;
export type RunFailureCode = (typeof RUN_FAILURE_CODES)[number];

export const runStartSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  workerName: z.string().min(1).max(200),
  /** The GPUs the worker hands to containers, as `nvidia-smi -L` names them (or the configured ids); empty: none. */
  gpus: z.array(z.string().min(1).max(300)).max(64).optional(),
});
export type RunStart = z.infer<typeof runStartSchema>;

/** What the API answers to start and heartbeat: the run is this worker's until the lease expires. */
export interface RunLease {
  runId: string;
  status: 'running';
  leaseSec: number;
  leaseExpiresAt: string;
}

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

/** The most JSON a finished result may carry as extra scores (a worker drops larger ones and says so in the log). */
export const EXTRA_SCORES_MAX_BYTES = 64 * 1024;

/**
 * Keys of scores.json / scores.txt that no leaderboard column names and whose values are not numbers, as written
 * (details, per-case lists, nested objects). Optional, so that workers and APIs of protocol version 1 that do not
 * know it still understand each other: an API that does not know it drops it, a worker that does not send it sends none.
 */
const extraScores = z
  .record(z.string().min(1), z.json())
  .refine(
    (v) => new TextEncoder().encode(JSON.stringify(v)).length <= EXTRA_SCORES_MAX_BYTES,
    `must be at most ${EXTRA_SCORES_MAX_BYTES} bytes of JSON`,
  );

export type ExtraScores = z.infer<typeof extraScores>;

/** Wall-clock time of each step that ran (prediction: ingestion or code submission; scoring). */
const stepsMs = z.object({
  prediction: z.number().int().nonnegative().optional(),
  scoring: z.number().int().nonnegative().optional(),
});

export const runResultSchema = z.discriminatedUnion('status', [
  z.object({
    version: z.literal(PROTOCOL_VERSION),
    status: z.literal('finished'),
    scores: z.record(z.string().min(1), finiteNumber),
    /** Numeric keys the scoring program wrote that no leaderboard column names (kept in `scores` too). */
    unknownScoreKeys: z.array(z.string()).default([]),
    /** The scoring program's other keys, whose values are not numbers: see `extraScores` above. */
    extraScores: extraScores.optional(),
    exitCode: z.number().int(),
    elapsedMs: z.number().int().nonnegative(),
    stepsMs: stepsMs.default({}),
  }),
  z.object({
    version: z.literal(PROTOCOL_VERSION),
    status: z.literal('failed'),
    failure: z.object({ code: z.enum(RUN_FAILURE_CODES), message: z.string().max(4000) }),
    exitCode: z.number().int().nullable(),
    elapsedMs: z.number().int().nonnegative(),
    stepsMs: stepsMs.default({}),
  }),
]);
/** A result as a worker writes it (defaulted fields optional). */
export type RunResult = z.input<typeof runResultSchema>;
/** A result as the API reads it, defaults applied. */
export type ParsedRunResult = z.output<typeof runResultSchema>;

export function parseRunStart(raw: unknown): RunStart {
  return parseVersioned('run start', runStartSchema, raw);
}

export function parseRunResult(raw: unknown): ParsedRunResult {
  return parseVersioned('run result', runResultSchema, raw);
}
