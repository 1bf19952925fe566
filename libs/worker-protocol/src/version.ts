/** Version of the job and report messages. A side that receives another version refuses the message. */
export const PROTOCOL_VERSION = 1 as const;

/** Queue the platform publishes jobs to when a competition names no queue of its own. */
export const DEFAULT_JOB_QUEUE = 'arena.jobs';

/**
 * Every side declares job queues with exactly these options (RabbitMQ refuses a redeclaration with other
 * arguments). Priorities let scoring steps pass new prediction steps, as in Codabench (scoring 10, prediction 0).
 */
export const JOB_QUEUE_OPTIONS = { durable: true, arguments: { 'x-max-priority': 10 } } as const;
export const JOB_PRIORITY = { scoring: 10, prediction: 0 } as const;
