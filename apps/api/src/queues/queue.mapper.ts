import { DEFAULT_JOB_QUEUE } from '@arena/worker-protocol';
import type { QueueCredentialsDto, QueueDepthDto, QueueDto } from './dto/queue.dto';
import type { QueueEntity } from './entities/queue.entity';

export function toQueueDto(q: QueueEntity, userId: string, depth?: QueueDepthDto | null): QueueDto {
  return {
    id: q.id,
    name: q.name,
    isPublic: q.isPublic,
    requiresGpu: q.requiresGpu,
    isOwner: q.ownerId === userId,
    vhost: q.vhost,
    jobQueue: DEFAULT_JOB_QUEUE,
    createdAt: q.createdAt,
    credentialsIssuedAt: q.credentialsIssuedAt,
    ...(depth === undefined ? {} : { depth }),
  };
}

/**
 * The one `docker run` line an operator needs on a remote (GPU) box: the README's, word for word (the images test
 * runs the README's line and compares it with this one); the README explains each part. The worker consumes the
 * vhost's default queue, the worker's default WORKER_QUEUE.
 */
export function toCredentialsDto(
  q: QueueEntity,
  userId: string,
  brokerUrl: string,
  apiUrl: string,
): QueueCredentialsDto {
  const workerCommand = [
    'docker run -d --name arena-worker --restart unless-stopped --network host',
    '-v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/arena-worker:/var/lib/arena-worker',
    `-e ARENA_API_URL=${apiUrl} -e AMQP_URL='${brokerUrl}' arena/worker`,
  ].join(' ');
  return { ...toQueueDto(q, userId), brokerUrl, workerCommand };
}
