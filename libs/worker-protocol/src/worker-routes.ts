import type { RunFileName } from './job.message';

/**
 * HTTP routes the worker calls on the API, all under the API's base URL and all authorized with the
 * job's bearer token (`Authorization: Bearer <job.token>`).
 *
 * - POST start: body RunStart; 200 `RunLease` when the run may go on, 409 when it already ended (ack and skip).
 * - POST heartbeat: body RunStart; 200 `RunLease` renews the lease; 409 or 401 mean the run was taken back
 *   (lease expired and re-dispatched, or cancelled): the worker kills its container and acks without reporting.
 * - GET file: streams a zip (application/zip).
 * - PUT output: raw zip body of the run's output folder (application/zip).
 * - PUT logs: raw text body (text/plain) of one stream, already capped by the worker.
 * - POST logAppend: a chunk of a stream while the run goes (text/plain), with header `x-log-offset` = the byte offset
 *   where it starts; 200 `{ length, stored }`. A repeated chunk is not stored twice; `length` lets the worker resync.
 * - POST result: body RunResult; 200 once stored (also for a repeat of a stored result); only then does the worker ack.
 */
export const workerRoutes = {
  start: (runId: string) => `/api/worker/runs/${runId}/start`,
  heartbeat: (runId: string) => `/api/worker/runs/${runId}/heartbeat`,
  file: (runId: string, name: RunFileName) => `/api/worker/runs/${runId}/files/${name}`,
  output: (runId: string) => `/api/worker/runs/${runId}/output`,
  logs: (runId: string, stream: LogStream) => `/api/worker/runs/${runId}/logs/${stream}`,
  logAppend: (runId: string, stream: LogStream) => `/api/worker/runs/${runId}/logs/${stream}/append`,
  result: (runId: string) => `/api/worker/runs/${runId}/result`,
};

export const LOG_STREAMS = ['stdout', 'stderr'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];
