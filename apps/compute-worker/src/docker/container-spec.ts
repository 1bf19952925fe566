import { relative, isAbsolute, join } from 'node:path';
import type Docker from 'dockerode';
import type { GpuSelection } from '@worker/config';

export interface ContainerMount {
  /** Path as the worker sees it; translated for the Docker host by `hostPath`. */
  source: string;
  target: string;
  readOnly: boolean;
  /** `source` is already a path of the Docker host (worker-local data), not of the work dir. */
  onHost?: boolean;
}

export interface ContainerSpec {
  image: string;
  cmd: string[];
  user: string;
  workingDir: string;
  env: string[];
  labels: Record<string, string>;
  mounts: ContainerMount[];
  memoryMb: number;
  cpus: number;
  pids: number;
  tmpfsMb: number;
  /** Largest file the program may write (RLIMIT_FSIZE), so a runaway writer fails instead of filling the disk. */
  maxFileBytes: number;
  /** GPUs passed through with NVIDIA's driver; none by default. */
  gpus?: GpuSelection;
}

/**
 * Where a worker path lies for the Docker engine. When the worker runs in a container and starts siblings through
 * the socket, bind sources must be named as the host sees them.
 */
export function toHostPath(path: string, workDir: string, hostWorkDir: string): string {
  const rel = relative(workDir, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`${path} is outside the work dir ${workDir}`);
  }
  return join(hostWorkDir, rel);
}

/** Create options for a locked-down, offline container: no network, no capabilities, read-only root, capped. */
export function buildCreateOptions(
  spec: ContainerSpec,
  hostPath: (p: string) => string,
): Docker.ContainerCreateOptions {
  const memory = spec.memoryMb * 1024 * 1024;
  return {
    Image: spec.image,
    Cmd: spec.cmd,
    User: spec.user,
    WorkingDir: spec.workingDir,
    Env: spec.env,
    Labels: spec.labels,
    NetworkDisabled: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      NetworkMode: 'none',
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(spec.cpus * 1e9),
      PidsLimit: spec.pids,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${spec.tmpfsMb}m,mode=1777` },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      // An init as PID 1 forwards signals and reaps children; Python as PID 1 would ignore SIGTERM.
      Init: true,
      Ulimits: [{ Name: 'fsize', Soft: spec.maxFileBytes, Hard: spec.maxFileBytes }],
      Binds: spec.mounts.map(
        (m) => `${m.onHost ? m.source : hostPath(m.source)}:${m.target}:${m.readOnly ? 'ro' : 'rw'}`,
      ),
      // Output is read through the attach stream only; no log driver keeps a copy on the engine's disk.
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
      ...(spec.gpus && spec.gpus.kind !== 'none' ? { DeviceRequests: [gpuRequest(spec.gpus)] } : {}),
    },
  };
}

/** Docker's form of `--gpus all` / `--gpus '"device=0,1"'`. */
function gpuRequest(gpus: Exclude<GpuSelection, { kind: 'none' }>): Docker.DeviceRequest {
  return {
    Driver: 'nvidia',
    ...(gpus.kind === 'all' ? { Count: -1 } : { DeviceIDs: gpus.ids }),
    Capabilities: [['gpu']],
  };
}
