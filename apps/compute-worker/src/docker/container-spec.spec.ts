import { describe, expect, it } from 'vitest';
import { buildCreateOptions, toHostPath, type ContainerSpec } from './container-spec';

const spec: ContainerSpec = {
  image: 'arena/python:3.11',
  cmd: ['sh', '-c', 'python3 score.py'],
  user: '65534:65534',
  workingDir: '/app/program',
  env: ['PYTHONUNBUFFERED=1', 'HOME=/tmp'],
  labels: { 'arena.worker': 'w1', 'arena.run': 'r1' },
  mounts: [
    { source: '/var/lib/arena-worker/runs/r1-1/program', target: '/app/program', readOnly: true },
    { source: '/var/lib/arena-worker/runs/r1-1/output', target: '/app/output', readOnly: false },
  ],
  memoryMb: 512,
  cpus: 1.5,
  pids: 64,
  tmpfsMb: 128,
  maxFileBytes: 1000,
};

describe('toHostPath', () => {
  it('translates worker paths to the host view of the work dir', () => {
    expect(toHostPath('/work/runs/a/program', '/work', '/srv/arena/work')).toBe('/srv/arena/work/runs/a/program');
    expect(toHostPath('/work/runs/a', '/work', '/work')).toBe('/work/runs/a');
  });

  it('refuses paths outside the work dir', () => {
    expect(() => toHostPath('/etc', '/work', '/srv')).toThrow(/outside the work dir/);
    expect(() => toHostPath('/workshop/x', '/work', '/srv')).toThrow(/outside the work dir/);
  });
});

describe('buildCreateOptions', () => {
  const options = buildCreateOptions(spec, (p) => p.replace('/var/lib/arena-worker', '/host/w'));

  it('locks the container down', () => {
    expect(options).toMatchObject({
      Image: 'arena/python:3.11',
      User: '65534:65534',
      WorkingDir: '/app/program',
      NetworkDisabled: true,
      Labels: { 'arena.worker': 'w1', 'arena.run': 'r1' },
    });
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'none',
      Memory: 512 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      NanoCpus: 1_500_000_000,
      PidsLimit: 64,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=128m,mode=1777' },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Init: true,
      Ulimits: [{ Name: 'fsize', Soft: 1000, Hard: 1000 }],
    });
  });

  it('binds host paths with their modes', () => {
    expect(options.HostConfig?.Binds).toEqual([
      '/host/w/runs/r1-1/program:/app/program:ro',
      '/host/w/runs/r1-1/output:/app/output:rw',
    ]);
  });
});

describe('GPUs and worker-local data', () => {
  const hostPath = (p: string) => p.replace('/var/lib/arena-worker', '/srv/w');

  it('asks for no device by default, all GPUs or the listed ones when configured', () => {
    expect(buildCreateOptions(spec, hostPath).HostConfig?.DeviceRequests).toBeUndefined();
    expect(buildCreateOptions({ ...spec, gpus: { kind: 'all' } }, hostPath).HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] },
    ]);
    expect(
      buildCreateOptions({ ...spec, gpus: { kind: 'devices', ids: ['0', '3'] } }, hostPath).HostConfig?.DeviceRequests,
    ).toEqual([{ Driver: 'nvidia', DeviceIDs: ['0', '3'], Capabilities: [['gpu']] }]);
  });

  it('binds worker-local data by its host path, not through the work dir', () => {
    const local = { source: '/data/hospital-a', target: '/app/input/ref', readOnly: true, onHost: true };
    const binds = buildCreateOptions({ ...spec, mounts: [...spec.mounts, local] }, hostPath).HostConfig?.Binds;
    expect(binds).toContain('/data/hospital-a:/app/input/ref:ro');
  });
});
