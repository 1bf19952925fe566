import { Injectable, Logger } from '@nestjs/common';
import type { JobQueueType } from '@arena/worker-protocol';
import { ApiConfig } from '@api/config/api-config';

/**
 * The type the API declares job queues with (QUEUE_TYPE). auto asks the management API once how many nodes the broker
 * has: a cluster gets quorum queues, which keep every job while a majority of its nodes lives; one node gets classic
 * queues (a quorum queue there only costs, and loses priorities). Where the management API cannot be read, classic.
 */
@Injectable()
export class JobQueueTypeService {
  private readonly logger = new Logger(JobQueueTypeService.name);
  private resolved: Promise<JobQueueType> | null = null;

  constructor(private readonly config: ApiConfig) {}

  type(): Promise<JobQueueType> {
    const setting = this.config.brokerQueues.queueType;
    if (setting !== 'auto') {
      return Promise.resolve(setting);
    }
    this.resolved ??= this.clusterSize().then(
      (nodes) => {
        const type: JobQueueType = nodes > 1 ? 'quorum' : 'classic';
        this.logger.log(`QUEUE_TYPE=auto: the broker has ${nodes} node(s); new job queues are ${type} queues`);
        return type;
      },
      (e: unknown) => {
        // Asked again next time: a broker not up yet must not fix the type for the life of the process.
        this.resolved = null;
        this.logger.warn(`QUEUE_TYPE=auto: the broker's nodes could not be read (${(e as Error).message}); classic`);
        return 'classic';
      },
    );
    return this.resolved;
  }

  private async clusterSize(): Promise<number> {
    const u = new URL(this.config.rabbitMgmtUrl);
    const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
    const res = await fetch(`${u.origin}/api/nodes?columns=name`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) {
      throw new Error(`GET /api/nodes answered ${res.status}`);
    }
    return ((await res.json()) as unknown[]).length;
  }
}
