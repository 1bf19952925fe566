import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@worker/logger';
import { gpuInventory } from './gpu-inventory';

const logger = createLogger('fatal');

async function fakeSmi(output: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'smi-'));
  const path = join(dir, 'nvidia-smi');
  await writeFile(path, `#!/bin/sh\ncat <<'OUT'\n${output}\nOUT\n`);
  await chmod(path, 0o755);
  return path;
}

const TWO = 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-aaa)\nGPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-bbb)';

describe('gpuInventory', () => {
  it('reports nothing for a CPU worker, without calling nvidia-smi', async () => {
    await expect(gpuInventory({ kind: 'none' }, logger, '/nonexistent')).resolves.toEqual([]);
  });

  it('lists every GPU nvidia-smi names for WORKER_GPUS=all', async () => {
    await expect(gpuInventory({ kind: 'all' }, logger, await fakeSmi(TWO))).resolves.toEqual(TWO.split('\n'));
  });

  it('keeps only the configured devices, by index or UUID', async () => {
    const smi = await fakeSmi(TWO);
    await expect(gpuInventory({ kind: 'devices', ids: ['1'] }, logger, smi)).resolves.toEqual([TWO.split('\n')[1]]);
    await expect(gpuInventory({ kind: 'devices', ids: ['GPU-aaa'] }, logger, smi)).resolves.toEqual([
      TWO.split('\n')[0],
    ]);
  });

  it('falls back to the configured selection where nvidia-smi is missing', async () => {
    await expect(gpuInventory({ kind: 'all' }, logger, '/nonexistent/nvidia-smi')).resolves.toEqual(['all']);
    await expect(
      gpuInventory({ kind: 'devices', ids: ['0', '2'] }, logger, '/nonexistent/nvidia-smi'),
    ).resolves.toEqual(['0', '2']);
  });
});
