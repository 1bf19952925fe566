import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a job message ended for this worker; `finished` and `failed` are runs it scored and reported. */
export type JobOutcome = 'finished' | 'failed' | 'requeued' | 'rejected' | 'taken_back' | 'skipped';

/** Seconds; runs last from a second to hours. */
const RUN_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

/**
 * What a worker did, for Prometheus (WORKER_METRICS_PORT). One registry per worker, not prom-client's global one:
 * tests run several workers in one process.
 */
export class WorkerMetrics {
  readonly registry = new Registry();

  private readonly jobs = new Counter({
    name: 'arena_worker_jobs_total',
    help: 'Job messages handled, by outcome (finished, failed: scored and reported; requeued, rejected, taken_back, skipped) and failure code',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });

  private readonly jobSeconds = new Histogram({
    name: 'arena_worker_job_duration_seconds',
    help: 'From taking a job off the queue to settling it (download, containers, upload, report), by outcome',
    labelNames: ['outcome'] as const,
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  private readonly stepSeconds = new Histogram({
    name: 'arena_worker_container_run_seconds',
    help: 'Wall-clock time of each container step of a run (prediction: ingestion or code submission; scoring)',
    labelNames: ['step'] as const,
    buckets: RUN_BUCKETS,
    registers: [this.registry],
  });

  private readonly images = new Counter({
    name: 'arena_worker_images_total',
    help: 'Images a run needed, by where they came from: local (already on the engine), pulled, or failed (not available)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly pullSeconds = new Histogram({
    name: 'arena_worker_image_pull_seconds',
    help: 'Time spent pulling an image that was not on the engine, successful or not',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });

  private readonly cacheLookups = new Counter({
    name: 'arena_worker_cache_lookups_total',
    help: 'Programs and data looked up in the file cache: hit (the API confirmed the copy, nothing downloaded) or miss',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(state: { busy: () => boolean; consuming: () => boolean }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'arena_worker_' });
    new Gauge({
      name: 'arena_worker_slots',
      help: 'Jobs this worker runs at once (one: prefetch 1)',
      registers: [this.registry],
      collect() {
        this.set(1);
      },
    });
    new Gauge({
      name: 'arena_worker_slots_busy',
      help: 'Slots running a job now',
      registers: [this.registry],
      collect() {
        this.set(state.busy() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'arena_worker_broker_connected',
      help: '1 while the worker consumes its queue, 0 while it cannot reach its broker',
      registers: [this.registry],
      collect() {
        this.set(state.consuming() ? 1 : 0);
      },
    });
  }

  jobEnded(outcome: JobOutcome, seconds: number, code = ''): void {
    this.jobs.inc({ outcome, code });
    this.jobSeconds.observe({ outcome }, seconds);
  }

  stepsRan(stepsMs: { prediction?: number; scoring?: number } | undefined): void {
    for (const [step, ms] of Object.entries(stepsMs ?? {})) {
      if (typeof ms === 'number') {
        this.stepSeconds.observe({ step }, ms / 1000);
      }
    }
  }

  image(source: 'local' | 'pulled' | 'failed', pullSeconds?: number): void {
    this.images.inc({ source });
    if (pullSeconds !== undefined) {
      this.pullSeconds.observe(pullSeconds);
    }
  }

  cacheLookup(hit: boolean): void {
    this.cacheLookups.inc({ result: hit ? 'hit' : 'miss' });
  }
}
