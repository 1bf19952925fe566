import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SafeZip, ZipSafetyError, type ZipLimits } from '@arena/safe-zip';
import type { BundleProblem } from '../competition.model';
import type { PartUse } from '../parse/parse-context';
import { isIgnoredPath } from '../source/bundle-paths';
import type { BundleSource } from '../source/bundle-source';
import { readYaml } from '../yaml/read-yaml';

/** Nested zips up to this size are opened and checked; bigger ones (data) only get their signature checked. */
export const MAX_INSPECTED_PART_BYTES = 64 * 1024 * 1024;
const PROGRAM_ROLES = new Set(['scoring_program', 'ingestion_program']);
const METADATA_FILES = ['metadata.yaml', 'metadata'];

/** A part's file listing and a reader for its small files, whatever it is stored as. */
interface PartView {
  files: string[];
  readText(name: string, maxBytes: number): Promise<string>;
}

/**
 * Checks that go inside the parts the YAML names: a `.zip` must be a zip (and, when small enough, a safe one), and a
 * program must have `metadata.yaml` with a `command` at its root, the mistake that otherwise surfaces only when the
 * first submission fails.
 */
export async function checkParts(
  source: BundleSource,
  parts: readonly PartUse[],
  file: string,
  limits: ZipLimits,
): Promise<BundleProblem[]> {
  const problems: BundleProblem[] = [];
  const seen = new Set<string>();
  let tmp: string | undefined;
  try {
    for (const use of parts) {
      const key = `${use.path}\0${PROGRAM_ROLES.has(use.role)}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const report = (severity: BundleProblem['severity'], message: string): void => {
        const line = use.line !== undefined ? { line: use.line } : {};
        problems.push({ severity, file, path: use.yamlPath, ...line, message });
      };
      if (!source.hasFile(use.path)) {
        if (PROGRAM_ROLES.has(use.role)) {
          await checkProgram(dirView(source, use.path), use, report);
        }
        continue;
      }
      if (!(await hasZipSignature(source, use.path))) {
        report('error', `${use.path} is not a zip archive`);
        continue;
      }
      if ((source.size(use.path) ?? 0) > MAX_INSPECTED_PART_BYTES) {
        continue;
      }
      tmp ??= await mkdtemp(join(tmpdir(), 'arena-part-'));
      const copy = join(tmp, `${seen.size}.zip`);
      await pipeline(source.openRead(use.path), createWriteStream(copy));
      let zip: SafeZip;
      try {
        zip = await SafeZip.openVerified(copy, limits, use.path);
      } catch (e) {
        report('error', e instanceof ZipSafetyError ? e.message : `${use.path}: ${(e as Error).message}`);
        continue;
      }
      try {
        if (PROGRAM_ROLES.has(use.role)) {
          await checkProgram(zipView(zip), use, report);
        }
      } finally {
        zip.close();
      }
    }
  } finally {
    if (tmp) {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  return problems;
}

async function checkProgram(
  view: PartView,
  use: PartUse,
  report: (severity: BundleProblem['severity'], message: string) => void,
): Promise<void> {
  const metadata = METADATA_FILES.find((m) => view.files.includes(m));
  if (!metadata) {
    const nested = view.files.filter((f) => f.split('/').length === 2 && METADATA_FILES.includes(f.split('/')[1]));
    if (nested.length === 1) {
      const folder = nested[0].split('/')[0];
      const fix = "zip the folder's contents, not the folder";
      const where = `metadata.yaml must be at the root of the program (${fix})`;
      report('warning', `${use.path} holds the program in ${folder}/; ${where}`);
    } else {
      report('warning', `${use.path} has no metadata.yaml at its root: the worker will have no command to run`);
    }
    return;
  }
  let text: string;
  try {
    text = await view.readText(metadata, 64 * 1024);
  } catch (e) {
    report('error', `${use.path}/${metadata} cannot be read (${(e as Error).message})`);
    return;
  }
  const read = readYaml(text, { file: `${use.path}/${metadata}`, maxBytes: 64 * 1024 });
  const value = read.value as Record<string, unknown> | null | undefined;
  const isMap = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (read.problems.some((p) => p.severity === 'error') || !isMap) {
    report('error', `${use.path}/${metadata} is not a YAML map with a command`);
  } else if (typeof value.command !== 'string' || value.command.trim() === '') {
    report('warning', `${use.path}/${metadata} has no command: nothing will run`);
  }
}

function dirView(source: BundleSource, dir: string): PartView {
  const prefix = `${dir}/`;
  return {
    files: source
      .files()
      .filter((f) => f.startsWith(prefix))
      .map((f) => f.slice(prefix.length)),
    readText: (name, max) => source.readText(prefix + name, max),
  };
}

function zipView(zip: SafeZip): PartView {
  return {
    files: zip.entries.filter((e) => !e.isDirectory && !isIgnoredPath(e.name)).map((e) => e.name.replace(/^\.\//, '')),
    readText: (name, max) => zip.readText(name, max),
  };
}

async function hasZipSignature(source: BundleSource, path: string): Promise<boolean> {
  const stream = source.openRead(path);
  try {
    for await (const chunk of stream) {
      const head = (chunk as Buffer).subarray(0, 4);
      // Local file header, or the end record of an empty archive.
      const pk = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b;
      return pk && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
    }
    return false;
  } finally {
    stream.destroy();
  }
}
