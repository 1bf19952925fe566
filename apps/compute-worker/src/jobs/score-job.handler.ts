import { parseScoreJob, ProtocolError } from '@arena/worker-protocol';
import type Docker from 'dockerode';
import type { ApiClient, RunApiClient } from '@worker/api-client/api-client';
import { ApiRejectedError, ApiUnavailableError } from '@worker/api-client/api.errors';
import type { RunFileCache } from '@worker/cache/run-file-cache';
import type { WorkerConfig } from '@worker/config';
import type { Logger } from '@worker/logger';
import type { JobOutcome, WorkerMetrics } from '@worker/metrics/worker-metrics';
import { runScoreJob } from './run-score-job';

/** What to tell the broker: ack (done), reject (can never succeed, drop it), requeue (try again later). */
export type MessageDecision = 'ack' | 'reject' | 'requeue';

export interface ScoreJobHandlerDeps {
  config: WorkerConfig;
  docker: Docker;
  api: ApiClient;
  logger: Logger;
  cache?: RunFileCache;
  metrics?: WorkerMetrics;
}

export interface DeliveryInfo {
  signal: AbortSignal;
  /** The broker delivered this message before; a second unexplained crash drops it instead of looping. */
  redelivered: boolean;
}

/** Handles one `score` job message from receipt to the broker decision. */
export class ScoreJobHandler {
  constructor(private readonly deps: ScoreJobHandlerDeps) {}

  async handle(content: Buffer, delivery: DeliveryInfo): Promise<MessageDecision> {
    const began = performance.now();
    const { decision, outcome, code } = await this.settle(content, delivery);
    this.deps.metrics?.jobEnded(outcome, (performance.now() - began) / 1000, code);
    return decision;
  }

  /** The broker decision and, for the metrics, what became of the job. */
  private async settle(
    content: Buffer,
    delivery: DeliveryInfo,
  ): Promise<{ decision: MessageDecision; outcome: JobOutcome; code?: string }> {
    const settled = (decision: MessageDecision, skipped: JobOutcome = 'skipped') => ({
      decision,
      outcome: decision === 'requeue' ? 'requeued' : decision === 'reject' ? 'rejected' : skipped,
    });
    let job;
    try {
      job = parseScoreJob(content);
    } catch (e) {
      if (!(e instanceof ProtocolError)) {
        throw e;
      }
      this.deps.logger.error({ err: e.message }, 'refusing a job message that breaks the protocol');
      return settled('reject');
    }
    const logger = this.deps.logger.child({ runId: job.runId, attempt: job.attempt });
    const api = this.deps.api.forRun(job.runId, job.token, logger);
    const lease = new AbortController();
    let beat: NodeJS.Timeout | undefined;
    try {
      if ((await api.start(this.deps.config.workerName, delivery.signal)) === 'ended') {
        logger.info('the run already ended; skipping a stale delivery');
        return settled('ack');
      }
      beat = this.keepLease(api, lease, delivery.signal, logger);
      logger.info({ image: job.image, files: job.files, limits: job.limits }, 'job started');
      const signal = AbortSignal.any([delivery.signal, lease.signal]);
      const result = await runScoreJob(job, { ...this.deps, api, logger, signal });
      this.deps.metrics?.stepsRan(result.stepsMs);
      return {
        decision: 'ack',
        outcome: result.status,
        code: result.status === 'failed' ? result.failure.code : undefined,
      };
    } catch (e) {
      if (lease.signal.aborted && !delivery.signal.aborted) {
        logger.warn('the API took the run back (lease lost); its container was stopped and nothing is reported');
        return settled('ack', 'taken_back');
      }
      return settled(this.decide(e, delivery, logger));
    } finally {
      clearInterval(beat);
    }
  }

  /** Heartbeats renew the run's lease; when the API answers that the run was taken back, the run is aborted. */
  private keepLease(api: RunApiClient, lease: AbortController, stop: AbortSignal, logger: Logger): NodeJS.Timeout {
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight || lease.signal.aborted || stop.aborted) {
        return;
      }
      inFlight = true;
      api
        .heartbeat(this.deps.config.workerName, stop)
        .then((r) => {
          if (r === 'lost') {
            lease.abort(new Error('lease lost'));
          }
        })
        .catch((e: Error) => logger.warn({ err: e.message }, 'heartbeat failed; trying again at the next beat'))
        .finally(() => {
          inFlight = false;
        });
    }, this.deps.config.heartbeatSec * 1000);
    timer.unref();
    return timer;
  }

  private decide(e: unknown, delivery: DeliveryInfo, logger: Logger): MessageDecision {
    if (delivery.signal.aborted) {
      logger.warn('job interrupted by shutdown; returning it to the queue');
      return 'requeue';
    }
    if (e instanceof ApiUnavailableError) {
      logger.error({ err: e.message }, 'the API is unavailable; returning the job to the queue');
      return 'requeue';
    }
    if (e instanceof ApiRejectedError) {
      if (e.status === 409) {
        logger.info({ err: e.message }, 'the run ended meanwhile (409); dropping the job');
        return 'ack';
      }
      logger.error({ err: e.message }, 'the API refused the job; dropping it');
      return 'reject';
    }
    logger.error({ err: e }, 'job failed unexpectedly');
    return delivery.redelivered ? 'reject' : 'requeue';
  }
}
