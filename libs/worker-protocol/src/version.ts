/** Version of the job and report messages. A side that receives another version refuses the message. */
export const PROTOCOL_VERSION = 1 as const;

/** Queue the platform publishes jobs to when a competition names no queue of its own. */
export const DEFAULT_JOB_QUEUE = 'arena.jobs';
