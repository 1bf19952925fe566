import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DEFAULT_JOB_QUEUE, jobQueueOptions } from '@arena/worker-protocol';
import { JobPublisher } from '@api/broker/job-publisher.service';
import { JobQueueTypeService } from '@api/broker/job-queue-type.service';
import type { AuthUser } from '@api/common/auth.decorators';
import { forbidden, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { ApiConfig } from '@api/config/api-config';
import { MailService } from '@api/mail/mail.service';
import { RunDispatcher } from '@api/runs/run-dispatcher.service';
import type { QueueEntity } from './entities/queue.entity';
import type { QueueWorkerDto } from './dto/queue.dto';
import { consumerName, toQueueWorkers } from './queue-workers';
import { QueuesRepository } from './queues.repository';
import { RabbitManagementClient } from './rabbit-management.client';

/** Where a competition's jobs go: its organizer queue's vhost, or the platform's default queue (vhost null). */
export interface JobDestination {
  vhost: string | null;
  queue: string;
  /** The organizer queue requires GPU workers. */
  requiresGpu: boolean;
}

/**
 * The worker user of a queue may declare and consume the job queue of its own vhost and nothing else: it cannot
 * publish (results go to the API over HTTP), and it has no rights on any other vhost.
 */
const WORKER_PERMISSIONS = {
  configure: `^${escape(DEFAULT_JOB_QUEUE)}$`,
  write: '^$',
  read: `^${escape(DEFAULT_JOB_QUEUE)}$`,
};

@Injectable()
export class QueuesService {
  constructor(
    private readonly repo: QueuesRepository,
    private readonly rabbit: RabbitManagementClient,
    private readonly publisher: JobPublisher,
    private readonly competitions: CompetitionsService,
    private readonly config: ApiConfig,
    private readonly dispatcher: RunDispatcher,
    private readonly mail: MailService,
    private readonly queueType: JobQueueTypeService,
  ) {}

  async create(
    user: AuthUser,
    name: string,
    isPublic: boolean,
    requiresGpu = false,
  ): Promise<{ queue: QueueEntity; brokerUrl: string }> {
    const id = randomUUID();
    const vhost = `arena-${id}`;
    const brokerUser = `arena-worker-${id.slice(0, 8)}-${randomBytes(4).toString('hex')}`;
    const password = newPassword();
    try {
      await this.rabbit.putVhost(vhost);
      await this.rabbit.putUser(brokerUser, password);
      await this.rabbit.setPermissions(vhost, brokerUser, WORKER_PERMISSIONS);
      // The API publishes the competition's jobs into the vhost as its own broker user.
      await this.rabbit.setPermissions(vhost, this.platformBrokerUser(), { configure: '.*', write: '.*', read: '.*' });
      // Declared now, so that workers can attach and owners see its depth before the first job; of the platform's
      // QUEUE_TYPE, like its own queue (quorum on a cluster: the organizer's jobs survive a node's loss too).
      await this.rabbit.putQueue(vhost, DEFAULT_JOB_QUEUE, jobQueueOptions(await this.queueType.type()).arguments);
      const queue = await this.repo.insert({
        id,
        ownerId: user.id,
        name,
        vhost,
        brokerUser,
        isPublic,
        requiresGpu,
        credentialsIssuedAt: new Date(),
      });
      return { queue, brokerUrl: this.brokerUrl(queue, password) };
    } catch (e) {
      await this.rabbit.deleteUser(brokerUser).catch(() => undefined);
      await this.rabbit.deleteVhost(vhost).catch(() => undefined);
      throw e;
    }
  }

  /** New password; the old one stops working and the workers connected with it are disconnected. */
  async rotate(user: AuthUser, id: string): Promise<{ queue: QueueEntity; brokerUrl: string }> {
    const queue = await this.owned(user, id);
    const password = newPassword();
    await this.rabbit.putUser(queue.brokerUser, password);
    await this.rabbit.setPermissions(queue.vhost, queue.brokerUser, WORKER_PERMISSIONS);
    await this.rabbit.closeConnectionsOf(queue.brokerUser);
    await this.repo.touchCredentials(id);
    return { queue, brokerUrl: this.brokerUrl(queue, password) };
  }

  /** Revokes the credentials without issuing new ones (rotate issues new ones). */
  async revoke(user: AuthUser, id: string): Promise<void> {
    const queue = await this.owned(user, id);
    await this.rabbit.deleteUser(queue.brokerUser);
    await this.rabbit.closeConnectionsOf(queue.brokerUser);
  }

  /** Its owner may always delete a queue: the competitions sending their jobs there fall back to the default queue. */
  async delete(user: AuthUser, id: string): Promise<void> {
    const queue = await this.owned(user, id);
    await this.fallBack(queue, await this.repo.competitionsUsing(id), 'was deleted by its owner');
    await this.rabbit.deleteUser(queue.brokerUser);
    await this.publisher.forget(queue.vhost);
    await this.rabbit.deleteVhost(queue.vhost);
    await this.repo.delete(id);
  }

  /** Name, visibility and GPU requirement; a changed requirement applies to jobs submitted from then on. */
  async update(
    user: AuthUser,
    id: string,
    patch: { name?: string; isPublic?: boolean; requiresGpu?: boolean },
  ): Promise<QueueEntity> {
    const before = await this.owned(user, id);
    await this.repo.update(id, patch);
    const queue = (await this.repo.find(id))!;
    if (before.isPublic && !queue.isPublic) {
      await this.fallBack(queue, await this.repo.competitionsWithoutGrant(id), 'is no longer public');
    }
    return queue;
  }

  /** The workers consuming a queue now, for its owner, those it is shared with, and admins. */
  async workers(user: AuthUser, id: string): Promise<QueueWorkerDto[]> {
    const queue = await this.usable(user, id);
    const mayManage = queue.ownerId === user.id || user.isAdmin || (await this.repo.isSharedWith(id, user.id));
    if (!mayManage) {
      throw forbidden("only the queue's owner and those it is shared with see its workers");
    }
    return this.workersOn(queue.vhost, queue.vhost, DEFAULT_JOB_QUEUE);
  }

  /** The workers of the platform's default queue, for admins. */
  async defaultWorkers(user: AuthUser): Promise<QueueWorkerDto[]> {
    if (!user.isAdmin) {
      throw forbidden("only admins see the default queue's workers");
    }
    const vhost = decodeURIComponent(new URL(this.config.amqpUrl).pathname.replace(/^\//, '')) || '/';
    return this.workersOn(vhost, null, this.config.jobQueue);
  }

  /** `runsVhost` is how runs name the vhost: null for the platform's default one. */
  private async workersOn(brokerVhost: string, runsVhost: string | null, queue: string): Promise<QueueWorkerDto[]> {
    const consumers = await this.rabbit.consumersOf(brokerVhost, queue);
    const running = await this.repo.runningOn(runsVhost, queue, consumers.map(consumerName));
    return toQueueWorkers(consumers, running, this.config.lease.sec);
  }

  list(user: AuthUser): Promise<QueueEntity[]> {
    return this.repo.visibleTo(user.id);
  }

  /** Details and depth for those who may use the queue; anyone else learns nothing. */
  async get(user: AuthUser, id: string) {
    const queue = await this.usable(user, id);
    const mayManage = queue.ownerId === user.id || user.isAdmin || (await this.repo.isSharedWith(id, user.id));
    const depth = mayManage ? await this.rabbit.queueDepth(queue.vhost, DEFAULT_JOB_QUEUE) : null;
    return { queue, depth };
  }

  async share(user: AuthUser, id: string, username: string): Promise<void> {
    await this.owned(user, id);
    const target = await this.repo.userIdByUsername(username);
    if (!target) {
      throw notFound(`user ${username}`);
    }
    await this.repo.share(id, target);
  }

  /** The competitions that used the queue through this share alone fall back to the default queue. */
  async unshare(user: AuthUser, id: string, username: string): Promise<void> {
    const queue = await this.owned(user, id);
    const target = await this.repo.userIdByUsername(username);
    if (!target) {
      throw notFound(`user ${username}`);
    }
    await this.repo.unshare(id, target);
    await this.fallBack(
      queue,
      await this.repo.competitionsWithoutGrant(id),
      "is no longer shared with this competition's organizers",
    );
  }

  /**
   * Competitions that may no longer send their jobs to `queue` go back to the platform's default queue, with their
   * waiting and running jobs: the queue's workers (somebody else's machines, given job tokens that fetch the
   * competition's reference data) are refused from now on, and the jobs are published again on the default queue.
   * Their organizers are told by mail.
   */
  private async fallBack(queue: QueueEntity, competitionIds: string[], why: string): Promise<void> {
    if (competitionIds.length === 0) {
      return;
    }
    const moved = await this.repo.fallBackToDefault(queue, competitionIds, this.config.jobQueue);
    if (moved) {
      await this.dispatcher.dispatch([{ vhost: null, queue: this.config.jobQueue }]);
    }
    const contacts = await this.repo.organizerContacts(competitionIds);
    await this.mail.queueMany(
      contacts.map((c) => ({
        recipient: c.email,
        subject: `[${c.title}] Jobs moved to the platform's default queue`,
        body:
          `Hello ${c.username},\n\nThe queue "${queue.name}" ${why}: the competition "${c.title}" can no longer send its ` +
          "jobs there, so they now go to the platform's default queue. Submissions waiting or running on that queue " +
          'were sent to the default queue and will be scored there.\n\nTo use another queue of yours, choose it in the ' +
          "competition's settings.\n",
      })),
    );
  }

  /** An organizer sends a competition's jobs to a queue they may use; null goes back to the default queue. */
  async bindCompetition(user: AuthUser, competitionId: string, queueId: string | null): Promise<void> {
    const competition = await this.competitions.get(competitionId);
    if (!(await this.competitions.isOrganizer(competition, user))) {
      throw notFound(`competition ${competitionId}`);
    }
    if (queueId !== null) {
      await this.usable(user, queueId);
    }
    await this.repo.bind(competitionId, queueId);
  }

  async destinationFor(competitionId: string): Promise<JobDestination> {
    const queue = await this.repo.queueOfCompetition(competitionId);
    return queue
      ? { vhost: queue.vhost, queue: DEFAULT_JOB_QUEUE, requiresGpu: queue.requiresGpu }
      : { vhost: null, queue: this.config.jobQueue, requiresGpu: false };
  }

  private async owned(user: AuthUser, id: string): Promise<QueueEntity> {
    const queue = await this.repo.find(id);
    if (!queue) {
      throw notFound(`queue ${id}`);
    }
    if (queue.ownerId !== user.id && !user.isAdmin) {
      if (queue.isPublic || (await this.repo.isSharedWith(id, user.id))) {
        throw forbidden('only the queue owner may do this');
      }
      throw notFound(`queue ${id}`);
    }
    return queue;
  }

  private async usable(user: AuthUser, id: string): Promise<QueueEntity> {
    const queue = await this.repo.find(id);
    const ok =
      queue &&
      (queue.ownerId === user.id || queue.isPublic || user.isAdmin || (await this.repo.isSharedWith(id, user.id)));
    if (!ok) {
      throw notFound(`queue ${id}`);
    }
    return queue;
  }

  private brokerUrl(queue: QueueEntity, password: string): string {
    const base = new URL(this.config.brokerPublicUrl);
    return `${base.protocol}//${encodeURIComponent(queue.brokerUser)}:${encodeURIComponent(password)}@${base.host}/${encodeURIComponent(queue.vhost)}`;
  }

  private platformBrokerUser(): string {
    return decodeURIComponent(new URL(this.config.amqpUrl).username) || 'guest';
  }
}

function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
