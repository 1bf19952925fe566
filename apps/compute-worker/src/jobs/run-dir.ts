import { chmod, copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders of one run, as the worker sees them; each is bind-mounted into the container under /app. */
export interface RunDir {
  root: string;
  program: string;
  inputRef: string;
  inputRes: string;
  inputData: string;
  output: string;
  shared: string;
  /** The ingestion program, when the task has one. */
  ingestionProgram: string;
  /** Output of the prediction step; the scoring step reads it as /app/input/res. */
  predictions: string;
  /** Zips as downloaded, and the output zip; never mounted. */
  downloads: string;
}

export function runsDirOf(workDir: string): string {
  return join(workDir, 'runs');
}

/**
 * Creates a fresh run folder. Modes are set with chmod because the process umask may strip bits from mkdir's mode:
 * inputs must be readable by the container user, output/ and shared/ writable by it (it is not the worker's uid).
 */
export async function createRunDir(workDir: string, runId: string, attempt: number): Promise<RunDir> {
  const root = join(runsDirOf(workDir), `${runId}-${attempt}`);
  const dir: RunDir = {
    root,
    program: join(root, 'program'),
    inputRef: join(root, 'input', 'ref'),
    inputRes: join(root, 'input', 'res'),
    inputData: join(root, 'input_data'),
    output: join(root, 'output'),
    shared: join(root, 'shared'),
    ingestionProgram: join(root, 'ingestion_program'),
    predictions: join(root, 'predictions'),
    downloads: join(root, 'downloads'),
  };
  // A leftover from an earlier delivery of the same attempt must not leak into this one.
  await rm(root, { recursive: true, force: true });
  await mkdir(runsDirOf(workDir), { recursive: true, mode: 0o755 });
  for (const path of [
    root,
    join(root, 'input'),
    dir.program,
    dir.inputRef,
    dir.inputRes,
    dir.inputData,
    dir.ingestionProgram,
  ]) {
    await mkdir(path, { recursive: true });
    await chmod(path, 0o755);
  }
  for (const path of [dir.output, dir.shared, dir.predictions]) {
    await mkdir(path);
    await chmod(path, 0o777);
  }
  await mkdir(dir.downloads, { mode: 0o700 });
  return dir;
}

export async function removeRunDir(dir: RunDir): Promise<void> {
  await rm(dir.root, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Copies the regular files and folders under `from` into `to` (links are skipped), writable by the container user so
 * a program may replace them; returns the bytes copied.
 */
export async function copyForPrograms(from: string, to: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target);
      await chmod(target, 0o777);
      bytes += await copyForPrograms(source, target);
    } else if (entry.isFile()) {
      await copyFile(source, target);
      await chmod(target, 0o666);
      bytes += (await stat(target)).size;
    }
  }
  return bytes;
}
