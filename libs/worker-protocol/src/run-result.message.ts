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
] as const;
export type RunFailureCode = (typeof RUN_FAILURE_CODES)[number];

export const runStartSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  workerName: z.string().min(1).max(200),
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

export const runResultSchema = z.discriminatedUnion('status', [
  z.object({
    version: z.literal(PROTOCOL_VERSION),
    status: z.literal('finished'),
    scores: z.record(z.string().min(1), finiteNumber),
    /** Keys the scoring program wrote that the leaderboard does not know. */
    unknownScoreKeys: z.array(z.string()).default([]),
    exitCode: z.number().int(),
    elapsedMs: z.number().int().nonnegative(),
  }),
  z.object({
    version: z.literal(PROTOCOL_VERSION),
    status: z.literal('failed'),
    failure: z.object({ code: z.enum(RUN_FAILURE_CODES), message: z.string().max(4000) }),
    exitCode: z.number().int().nullable(),
    elapsedMs: z.number().int().nonnegative(),
  }),
]);
export type RunResult = z.infer<typeof runResultSchema>;

export function parseRunStart(raw: unknown): RunStart {
  return parseVersioned('run start', runStartSchema, raw);
}

export function parseRunResult(raw: unknown): RunResult {
  return parseVersioned('run result', runResultSchema, raw);
}
