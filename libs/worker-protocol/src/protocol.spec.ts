import { describe, expect, it } from 'vitest';
import {
  EXTRA_SCORES_MAX_BYTES,
  encodeScoreJob,
  parseRunResult,
  parseScoreJob,
  ProtocolError,
  type ScoreJob,
} from './index';

const job: ScoreJob = {
  version: 1,
  kind: 'score',
  runId: '4b0c8f0e-7f5c-4d3a-9d59-1b7a4f0e7d11',
  submissionId: '0d9c8f0e-7f5c-4d3a-9d59-1b7a4f0e7d12',
  competitionId: '1d9c8f0e-7f5c-4d3a-9d59-1b7a4f0e7d13',
  phaseId: '2d9c8f0e-7f5c-4d3a-9d59-1b7a4f0e7d14',
  taskId: '3d9c8f0e-7f5c-4d3a-9d59-1b7a4f0e7d15',
  attempt: 1,
  token: 'x'.repeat(43),
  image: 'codalab/codalab-legacy:py37',
  limits: { timeLimitSec: 60, memoryMb: 512, cpus: 1, pids: 128 },
  files: ['submission', 'scoring_program', 'reference_data'],
  ingestionOnlyDuringScoring: false,
  scoreKeys: ['accuracy'],
  createdAt: new Date().toISOString(),
};

describe('job message', () => {
  it('round-trips through its encoding', () => {
    expect(parseScoreJob(encodeScoreJob(job))).toEqual(job);
  });

  it('refuses another protocol version with a message naming both versions', () => {
    const raw = Buffer.from(JSON.stringify({ ...job, version: 2 }));
    expect(() => parseScoreJob(raw)).toThrow(/version 2 is not supported .*version 1/);
  });

  it('refuses bytes that are not JSON', () => {
    expect(() => parseScoreJob(Buffer.from('{nope'))).toThrow(ProtocolError);
  });

  it('names the bad field', () => {
    expect(() => parseScoreJob({ ...job, runId: 'not-a-uuid' })).toThrow(/runId/);
    expect(() => parseScoreJob({ ...job, files: ['etc_passwd'] })).toThrow(/files/);
  });
});

describe('run result', () => {
  it('accepts finite scores and refuses NaN or infinite ones', () => {
    const ok = { version: 1, status: 'finished', scores: { a: 0.5 }, exitCode: 0, elapsedMs: 10 };
    expect(parseRunResult(ok)).toMatchObject({ scores: { a: 0.5 }, unknownScoreKeys: [] });
    expect(() => parseRunResult({ ...ok, scores: { a: Infinity } })).toThrow(/scores.a/);
    expect(() => parseRunResult({ ...ok, scores: { a: NaN } })).toThrow(/scores.a/);
  });

  it('carries extra scores of any JSON shape, optional both ways, capped in size', () => {
    const ok = { version: 1, status: 'finished', scores: { a: 0.5 }, exitCode: 0, elapsedMs: 10 };
    const extraScores = { all_costs: { 'graph-0': 7, 'graph-1': [1, 'x', null] }, note: 'fine', ok: true };
    expect(parseRunResult({ ...ok, extraScores })).toMatchObject({ extraScores });
    expect(parseRunResult(ok)).not.toHaveProperty('extraScores');
    const big = { details: 'x'.repeat(EXTRA_SCORES_MAX_BYTES) };
    expect(() => parseRunResult({ ...ok, extraScores: big })).toThrow(/extraScores: must be at most 65536 bytes/);
  });

  it('requires a failure code and message on a failed run', () => {
    expect(() => parseRunResult({ version: 1, status: 'failed', exitCode: 1, elapsedMs: 1 })).toThrow(/failure/);
  });
});

describe('job requirements', () => {
  it('carries GPU and worker-local data requirements, absent on older jobs', () => {
    const needs = { ...job, requiresGpu: true, localData: { reference_data: 'hospital-a' } };
    expect(parseScoreJob(encodeScoreJob(needs))).toMatchObject({
      requiresGpu: true,
      localData: { reference_data: 'hospital-a' },
    });
    expect(parseScoreJob(encodeScoreJob(job)).requiresGpu).toBeUndefined();
  });

  it('refuses a local data name that could be a path', () => {
    expect(() => parseScoreJob({ ...job, localData: { input_data: '../etc' } })).toThrow(/localData.input_data/);
  });
});
