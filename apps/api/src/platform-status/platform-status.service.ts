import { Injectable } from '@nestjs/common';
import { DEFAULT_JOB_QUEUE } from '@arena/worker-protocol';
import type { AuthUser } from '@api/common/auth.decorators';
import { ApiConfig } from '@api/config/api-config';
import { OrganizersService } from '@api/organizers/organizers.service';
import { RabbitManagementClient } from '@api/queues/rabbit-management.client';
import type { CompetitionStatusDto, PlatformStatusDto, QueueStatusDto } from './dto/platform-status.dto';
import { keyOf, PlatformStatusRepository, type QueueLoad, type QueueRef } from './platform-status.repository';

/** How long one answer of the public page serves everyone: polling it costs the database and broker nothing more. */
const PUBLIC_TTL_MS = 5_000;

/**
 * The public status page and each competition's queue for its organizers. The public page names no organizer queue:
 * shared ones are numbered, and neither their names, owners nor hosts (workers' names, hostnames) are shown.
 */
@Injectable()
export class PlatformStatusService {
  private cached: { at: number; value: Promise<PlatformStatusDto> } | null = null;

  constructor(
    private readonly repo: PlatformStatusRepository,
    private readonly rabbit: RabbitManagementClient,
    private readonly organizers: OrganizersService,
    private readonly config: ApiConfig,
  ) {}

  publicStatus(): Promise<PlatformStatusDto> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > PUBLIC_TTL_MS) {
      const value = this.computePublic();
      this.cached = { at: now, value };
      // A failure is not kept: the next caller asks again.
      value.catch(() => (this.cached = null));
    }
    return this.cached.value;
  }

  async competitionStatus(competitionId: string, user: AuthUser): Promise<CompetitionStatusDto> {
    await this.organizers.requireOrganizer(competitionId, user);
    const own = await this.repo.queueOfCompetition(competitionId);
    const ref: QueueRef = own
      ? { id: own.id, name: own.name, vhost: own.vhost, queue: DEFAULT_JOB_QUEUE }
      : this.platformQueue();
    const [all, mine, workers] = await Promise.all([
      this.repo.loads([ref]),
      this.repo.loads([ref], competitionId),
      this.workersOn(ref),
    ]);
    const load = all.get(keyOf(ref.vhost, ref.queue))!;
    const competition = mine.get(keyOf(ref.vhost, ref.queue))!;
    return {
      generatedAt: new Date().toISOString(),
      queue: {
        ...toDto(own ? own.name : 'Platform queue', load, workers),
        queueName: ref.name,
        platformQueue: !own,
        competitionJobsWaiting: competition.waiting,
        competitionJobsRunning: competition.running,
        competitionMedianWaitSecLastHour: competition.medianWait,
      },
    };
  }

  private async computePublic(): Promise<PlatformStatusDto> {
    const shared = await this.repo.publicQueues();
    const refs: QueueRef[] = [
      this.platformQueue(),
      ...shared.map((q) => ({ id: q.id, name: q.name, vhost: q.vhost, queue: DEFAULT_JOB_QUEUE })),
    ];
    const [loads, workers] = await Promise.all([
      this.repo.loads(refs),
      Promise.all(refs.map((r) => this.workersOn(r))),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      queues: refs.map((r, i) =>
        toDto(i === 0 ? 'Platform queue' : `Shared queue ${i}`, loads.get(keyOf(r.vhost, r.queue))!, workers[i]),
      ),
    };
  }

  private platformQueue(): QueueRef {
    return { id: null, name: 'Platform queue', vhost: null, queue: this.config.jobQueue };
  }

  /** Consumers of the queue as the broker counts them; null when it cannot be asked (the page still answers). */
  private async workersOn(ref: QueueRef): Promise<number | null> {
    const vhost = ref.vhost ?? (decodeURIComponent(new URL(this.config.amqpUrl).pathname.replace(/^\//, '')) || '/');
    try {
      return (await this.rabbit.queueDepth(vhost, ref.queue))?.consumers ?? 0;
    } catch {
      return null;
    }
  }
}

function toDto(label: string, load: QueueLoad, workers: number | null): QueueStatusDto {
  return {
    label,
    jobsWaiting: load.waiting,
    jobsRunning: load.running,
    workersOnline: workers,
    startedLastHour: load.started,
    medianWaitSecLastHour: load.medianWait,
  };
}
