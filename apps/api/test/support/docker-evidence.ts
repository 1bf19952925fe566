import Docker from 'dockerode';

/**
 * Proof from the Docker engine itself that a run's container existed: its create and start events,
 * found by the label the worker puts on every container it starts.
 */
export async function containerEventsForRun(runId: string, sinceSec: number): Promise<string[]> {
  const docker = new Docker();
  const stream = (await docker.getEvents({
    since: sinceSec,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ['container'], label: [`arena.run=${runId}`] },
  })) as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  for await (const c of stream) {
    chunks.push(Buffer.from(c as Buffer));
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { status: string }).status);
}

export async function containersForRun(runId: string): Promise<number> {
  const docker = new Docker();
  return (await docker.listContainers({ all: true, filters: { label: [`arena.run=${runId}`] } })).length;
}
