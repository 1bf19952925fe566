import { describe, expect, it } from 'vitest';
import { toQueueWorkers } from './queue-workers';

const connectedAt = new Date('2026-11-22T10:00:00Z');

describe('toQueueWorkers', () => {
  it("reads each worker's announced identity and matches the run it holds, with its last heartbeat", () => {
    const lease = new Date('2026-11-22T10:05:00Z');
    const workers = toQueueWorkers(
      [
        {
          clientProperties: {
            connection_name: 'gpu-1',
            arena_worker: {
              name: 'gpu-1',
              version: '0.1.0',
              hostname: 'box',
              gpus: '0,1',
              local_data: 'a,b',
              labels: 'site=lab,rack=4',
            },
          },
          connectedAt,
          providedName: 'gpu-1',
          user: 'arena-worker-x',
        },
        // A client that is not an Arena worker (or an older one) is listed by its connection name.
        { clientProperties: {}, connectedAt: null, providedName: null, user: 'someone' },
      ],
      [
        {
          id: 'r1',
          submissionId: 's1',
          workerName: 'gpu-1',
          workerGpus: ['GPU 0: NVIDIA H100 (UUID: GPU-a)'],
          startedAt: connectedAt,
          leaseExpiresAt: lease,
        },
      ],
      60,
    );
    expect(workers).toEqual([
      {
        name: '(unnamed connection of someone)',
        hostname: null,
        version: null,
        connectedSince: null,
        gpus: 'none',
        localData: [],
        labels: {},
        currentRun: null,
      },
      {
        name: 'gpu-1',
        hostname: 'box',
        version: '0.1.0',
        connectedSince: connectedAt,
        gpus: '0,1',
        localData: ['a', 'b'],
        labels: { site: 'lab', rack: '4' },
        currentRun: {
          runId: 'r1',
          submissionId: 's1',
          startedAt: connectedAt,
          gpus: ['GPU 0: NVIDIA H100 (UUID: GPU-a)'],
          lastHeartbeatAt: new Date('2026-11-22T10:04:00Z'),
          leaseExpiresAt: lease,
        },
      },
    ]);
  });
});
