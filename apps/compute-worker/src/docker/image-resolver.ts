import type Docker from 'dockerode';
import type { Logger } from '@worker/logger';
import type { WorkerMetrics } from '@worker/metrics/worker-metrics';
import { mapImage, type ImageMapEntry } from './image-map';
import { explicitRuleFor, isPython2Image, python2Message } from './python2-image';

/** The job's image is neither on this worker nor pullable; the message is meant for the submitter. */
export class ImageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageUnavailableError';
  }
}

export interface ImageResolverOptions {
  imageMap: ImageMapEntry[];
  pullTimeoutSec: number;
  logger: Logger;
  metrics?: WorkerMetrics;
}

/**
 * Maps the bundle's image name to a local one and pulls it when it is missing. Returns the image to run. A Python 2
 * image is mapped only by a rule meant for it (`explicitRuleFor`), else used under its own name if the worker has or
 * can pull it; otherwise the run fails saying why.
 */
export async function resolveImage(docker: Docker, requested: string, options: ImageResolverOptions): Promise<string> {
  if (isPython2Image(requested) && !explicitRuleFor(requested, options.imageMap)) {
    if (await isLocal(docker, requested)) {
      return requested;
    }
    try {
      await pull(docker, requested, options.pullTimeoutSec);
    } catch (e) {
      throw new ImageUnavailableError(`${python2Message(requested)} (pulling it failed: ${(e as Error).message})`);
    }
    if (await isLocal(docker, requested)) {
      return requested;
    }
    throw new ImageUnavailableError(python2Message(requested));
  }
  const image = mapImage(requested, options.imageMap);
  const label = image === requested ? `image ${requested}` : `image ${requested} (mapped to ${image})`;
  if (await isLocal(docker, image)) {
    options.metrics?.image('local');
    return image;
  }
  options.logger.info({ image }, 'image not on this worker, pulling');
  const began = performance.now();
  const pulled = (ok: boolean) => options.metrics?.image(ok ? 'pulled' : 'failed', (performance.now() - began) / 1000);
  try {
    await pull(docker, image, options.pullTimeoutSec);
  } catch (e) {
    pulled(false);
    throw new ImageUnavailableError(`${label} is not available on this worker: ${(e as Error).message}`);
  }
  if (!(await isLocal(docker, image))) {
    pulled(false);
    throw new ImageUnavailableError(`${label} is not available on this worker: the pull finished without it`);
  }
  pulled(true);
  return image;
}

async function isLocal(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) {
      return false;
    }
    throw e;
  }
}

async function pull(docker: Docker, image: string, timeoutSec: number): Promise<void> {
  const signal = AbortSignal.timeout(timeoutSec * 1000);
  try {
    const stream = (await docker.pull(image, { abortSignal: signal })) as NodeJS.ReadableStream;
    // The daemon reports most pull failures as an `error` line in an otherwise successful stream.
    let pending = '';
    for await (const chunk of stream) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const event = parseLine(line);
        if (event?.error) {
          throw new Error(String(event.error));
        }
      }
    }
    const last = parseLine(pending);
    if (last?.error) {
      throw new Error(String(last.error));
    }
  } catch (e) {
    if (signal.aborted) {
      throw new Error(`pull did not finish within ${timeoutSec} s`);
    }
    throw new Error(dockerMessage(e));
  }
}

function parseLine(line: string): { error?: unknown } | null {
  try {
    return line.trim() ? (JSON.parse(line) as { error?: unknown }) : null;
  } catch {
    return null;
  }
}

/** dockerode puts the daemon's own explanation in `json.message`; the Error message adds HTTP noise. */
export function dockerMessage(e: unknown): string {
  const err = e as { json?: { message?: string }; message?: string };
  return (err.json?.message ?? err.message ?? String(e)).trim();
}
