import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GpuSelection } from '@worker/config';
import type { Logger } from '@worker/logger';

const run = promisify(execFile);

/**
 * The GPUs this worker hands to containers, as operators know them: `nvidia-smi -L` lines ("GPU 0: NVIDIA H100 ...
 * (UUID: ...)") filtered to the configured devices. Without nvidia-smi on the host, the configured selection itself
 * ('all' or the ids), so a misconfigured box still says what it was told to use.
 */
export async function gpuInventory(selection: GpuSelection, logger: Logger, smi = 'nvidia-smi'): Promise<string[]> {
  if (selection.kind === 'none') {
    return [];
  }
  const configured = selection.kind === 'all' ? ['all'] : selection.ids;
  let listed: string[];
  try {
    const { stdout } = await run(smi, ['-L'], { timeout: 5000 });
    listed = stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^GPU \d+:/.test(l));
  } catch (e) {
    logger.warn({ err: (e as Error).message }, 'nvidia-smi is not usable here; reporting the configured GPUs');
    return configured;
  }
  if (selection.kind === 'all') {
    return listed.length > 0 ? listed : configured;
  }
  const picked = selection.ids.map(
    (id) => listed.find((l) => l.startsWith(`GPU ${id}:`) || l.includes(`UUID: ${id})`)) ?? id,
  );
  return picked;
}
