/** Version of the job and report messages. A side that receives another version refuses the message. */
export const PROTOCOL_VERSION = 1 as const;

/** Queue the platform publishes jobs to when a competition names no queue of its own. */
export const DEFAULT_JOB_QUEUE = 'arena.jobs';

/**
 * Every side declares job queues with exactly these options (RabbitMQ refuses a redeclaration with other
 * arguments). Priorities let scoring steps pass new prediction steps, as in Codabench (scoring 10, prediction 0).
 */
export const JOB_QUEUE_OPTIONS = { durable: true, arguments: { 'x-max-priority': 10 } } as const;

/**
 * classic: one broker node holds the queue (with priorities); quorum: replicated on a majority of a cluster's nodes
 * (Raft), so a node that goes, disk and all, loses no job. RabbitMQ 3.10's quorum queues have no priorities: jobs are
 * taken in the order published.
 */
export type JobQueueType = 'classic' | 'quorum';

/** The declaration arguments of a job queue of that type; a queue that exists is used as it is (see the callers). */
export function jobQueueOptions(type: JobQueueType): { durable: true; arguments: Record<string, unknown> } {
  return type === 'quorum'
    ? { durable: true, arguments: { 'x-queue-type': 'quorum' } }
    : { durable: true, arguments: { ...JOB_QUEUE_OPTIONS.arguments } };
}
export const JOB_PRIORITY = { scoring: 10, prediction: 0 } as const;
