import { Transform, type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import {
  type LogStream,
  parseRunResult,
  parseRunStart,
  ProtocolError,
  type RunFileName,
  type RunLease,
  type ParsedRunResult,
} from '@arena/worker-protocol';
import { DomainError, notFound } from '@api/common/domain.error';
import { withoutNul } from '@api/common/text-rules';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { ApiConfig } from '@api/config/api-config';
import { LeaderboardMaintainer } from '@api/leaderboards/leaderboard-maintainer.service';
import { ApiMetrics } from '@api/metrics/api-metrics';
import { BlobStore } from '@api/storage/blob-store';
import { FINAL_RUN_STATUSES, type RunEntity } from './entities/run.entity';
import { LiveLogsRepository } from './live-logs.repository';
import { RunDispatcher } from './run-dispatcher.service';
import { RunsRepository } from './runs.repository';

const MAX_OUTPUT_BYTES = 1024 ** 3;
const MAX_LOG_BYTES = 16 * 1024 * 1024;
const MAX_LOG_CHUNK_BYTES = 256 * 1024;

/** What a worker may do on a run it holds the token of. */
@Injectable()
export class WorkerRunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly competitions: CompetitionsService,
    private readonly store: BlobStore,
    private readonly leaderboards: LeaderboardMaintainer,
    private readonly config: ApiConfig,
    private readonly dispatcher: RunDispatcher,
    private readonly liveLogs: LiveLogsRepository,
    private readonly metrics: ApiMetrics,
  ) {}

  async start(runId: string, body: unknown): Promise<RunLease> {
    const start = withoutNul(protocol(() => parseRunStart(body)));
    const started = await this.runs.start(runId, start.workerName, start.gpus ?? null, this.config.lease.sec);
    if (!started) {
      throw ended(runId);
    }
    if (started.waitedMs !== null) {
      this.metrics.runStarted(started.waitedMs);
    }
    // A worker took a job off its queue: a slot opened there for the next one.
    void this.dispatcher.kick({ vhost: started.vhost, queue: started.queue });
    return this.lease(runId, started.leaseExpiresAt!);
  }

  /** Renews the lease; a run that is no longer running (ended, or taken back and re-dispatched) answers 409. */
  async heartbeat(runId: string, body: unknown): Promise<RunLease> {
    const beat = withoutNul(protocol(() => parseRunStart(body)));
    const until = await this.runs.renewLease(runId, beat.workerName, beat.gpus ?? null, this.config.lease.sec);
    if (!until) {
      throw new DomainError('conflict', `run ${runId} is no longer running on this worker`);
    }
    return this.lease(runId, until);
  }

  private lease(runId: string, until: Date): RunLease {
    return { runId, status: 'running', leaseSec: this.config.lease.sec, leaseExpiresAt: until.toISOString() };
  }

  /**
   * A run file and its entity tag: the dataset's sha256 for programs and data, which the worker's cache sends back
   * in If-None-Match; `body` is null when the worker's copy is current (HTTP 304).
   */
  async file(
    runId: string,
    name: RunFileName,
    ifNoneMatch?: string,
  ): Promise<{ body: Readable | null; etag: string | null }> {
    const run = await this.openRun(runId);
    const found = await this.fileKey(run, name);
    if (!found) {
      throw notFound(`file ${name} of run ${runId}`);
    }
    const etag = found.sha256 ? `"${found.sha256}"` : null;
    if (etag && ifNoneMatch === etag) {
      return { body: null, etag };
    }
    return { body: await this.store.get(found.key), etag };
  }

  async putOutput(runId: string, body: Readable): Promise<void> {
    await this.openRun(runId);
    const key = `runs/${runId}/output.zip`;
    await this.store.put(key, body.pipe(capped(MAX_OUTPUT_BYTES, 'output')), 'application/zip');
    await this.runs.setKey(runId, 'outputKey', key);
  }

  async putLog(runId: string, stream: LogStream, body: Readable): Promise<void> {
    await this.openRun(runId);
    const key = `runs/${runId}/${stream}.txt`;
    await this.store.put(key, body.pipe(capped(MAX_LOG_BYTES, `${stream} log`)), 'text/plain; charset=utf-8');
    await this.runs.setKey(runId, stream === 'stdout' ? 'stdoutKey' : 'stderrKey', key);
  }

  /** A live chunk of a running program's output, for submitters following the run (see LiveLogsRepository). */
  async appendLog(
    runId: string,
    stream: LogStream,
    offset: number,
    body: Readable,
  ): Promise<{ length: number; stored: boolean }> {
    await this.openRun(runId);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_LOG_CHUNK_BYTES) {
        throw new DomainError('payload_too_large', `a log chunk is limited to ${MAX_LOG_CHUNK_BYTES} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    // A program may print NUL, which PostgreSQL cannot store: a space in its place keeps the byte offsets.
    return this.liveLogs.append(
      runId,
      stream,
      offset,
      withoutNul(Buffer.concat(chunks).toString('utf8'), ' '),
      MAX_LOG_BYTES,
    );
  }

  /** Idempotent: a result for a run that already ended is acknowledged and changes nothing. */
  async result(runId: string, body: unknown): Promise<{ runId: string; stored: boolean }> {
    // The failure quotes the program's last lines and extra scores are its JSON: either may hold NUL.
    const result: ParsedRunResult = withoutNul(protocol(() => parseRunResult(body)));
    const { stored, submissionEnded } = await this.runs.finish(
      runId,
      result.status === 'finished'
        ? {
            status: 'finished',
            scores: result.scores,
            unknownScoreKeys: result.unknownScoreKeys,
            extraScores: result.extraScores ?? null,
            exitCode: result.exitCode,
            elapsedMs: result.elapsedMs,
            stepsMs: result.stepsMs,
            failureCode: null,
            failureMessage: null,
          }
        : {
            status: 'failed',
            scores: null,
            unknownScoreKeys: null,
            exitCode: result.exitCode,
            elapsedMs: result.elapsedMs,
            stepsMs: result.stepsMs,
            failureCode: result.failure.code,
            failureMessage: result.failure.message,
          },
    );
    // A finished submission's boards take it in after this answer (its arrival was stored with the result).
    if (stored) {
      this.metrics.runFinished(result.status, result.status === 'failed' ? result.failure.code : null, result.stepsMs);
      if (submissionEnded) {
        this.metrics.submissionEnded(submissionEnded);
      }
      this.leaderboards.kick();
    }
    return { runId, stored };
  }

  private async openRun(runId: string): Promise<RunEntity> {
    const run = await this.runs.find(runId);
    if (!run) {
      throw notFound(`run ${runId}`);
    }
    if (FINAL_RUN_STATUSES.includes(run.status)) {
      throw ended(runId);
    }
    return run;
  }

  private async fileKey(run: RunEntity, name: RunFileName): Promise<{ key: string; sha256: string | null } | null> {
    if (name === 'submission') {
      const key = await this.runs.submissionFileKey(run.submissionId);
      return key ? { key, sha256: null } : null;
    }
    const task = await this.competitions.findTask(run.taskId);
    const datasetId =
      task &&
      {
        scoring_program: task.scoringProgramId,
        ingestion_program: task.ingestionProgramId,
        input_data: task.inputDataId,
        reference_data: task.referenceDataId,
      }[name];
    if (!datasetId) {
      return null;
    }
    const [dataset] = await this.competitions.findDatasets([datasetId]);
    return dataset ? { key: dataset.storageKey, sha256: dataset.sha256 } : null;
  }
}

function protocol<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ProtocolError) {
      throw new DomainError('bad_request', e.message);
    }
    throw e;
  }
}

function ended(runId: string): DomainError {
  return new DomainError('conflict', `run ${runId} has already ended`);
}

function capped(max: number, what: string): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > max) {
        cb(new DomainError('payload_too_large', `${what} is larger than ${max} bytes`));
      } else {
        cb(null, chunk);
      }
    },
  });
}
