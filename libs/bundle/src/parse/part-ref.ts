import type { PartRef } from '../competition.model';
import type { YamlPath } from '../problems/yaml-path';
import { normalizeBundlePath } from '../source/bundle-paths';
import type { ParseContext } from './parse-context';
import { describe } from './value-readers';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function looksLikeKey(value: string): boolean {
  return UUID.test(value.trim());
}

/**
 * A program or data part named in the YAML: a `.zip` file or a folder of the bundle (`{ path }`), or, when nothing in
 * the bundle has that name and the value looks like a UUID, the key of a dataset already on the platform (`{ key }`).
 */
export function readPartRef(ctx: ParseContext, value: unknown, path: YamlPath): PartRef | undefined {
  if (typeof value === 'string' && value.trim().startsWith(WORKER_SCHEME)) {
    ctx.error(
      path,
      `${WORKER_SCHEME} names data held on workers; only a task's reference_data and input_data may be worker-local`,
    );
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    ctx.error(path, `must be the path of a .zip file or a folder in the bundle, not ${describe(value)}`);
    return undefined;
  }
  const p = normalizeBundlePath(value);
  if (p === null) {
    ctx.error(path, `${value} points outside the bundle; use a path relative to competition.yaml`);
    return undefined;
  }
  if (p === '') {
    ctx.error(path, 'must name a .zip file or a folder inside the bundle, not the bundle root');
    return undefined;
  }
  const { files } = ctx;
  if (files.hasFile(p)) {
    if (/\.zip$/i.test(p)) {
      ctx.notePart(path, p);
      return { path: p };
    }
    ctx.error(path, `${p} is a file but not a .zip archive; name a .zip or a folder`);
    return undefined;
  }
  if (files.hasDir(p)) {
    ctx.notePart(path, p);
    return { path: p };
  }
  if (looksLikeKey(p)) {
    return { key: value.trim() };
  }
  ctx.error(path, `${p} does not exist in the bundle${hintFor(ctx, p)}`);
  return undefined;
}

const WORKER_SCHEME = 'worker://';
const LOCAL_NAME = /^[A-Za-z0-9_][\w.-]{0,99}$/;

/**
 * A task's reference or input data: a part as `readPartRef` reads it, or `worker://<name>`, data that the workers of
 * the competition's queue hold on their own disks (WORKER_LOCAL_DATA) and that is never uploaded.
 */
export function readDataRef(ctx: ParseContext, value: unknown, path: YamlPath): PartRef | undefined {
  if (typeof value !== 'string' || !value.trim().startsWith(WORKER_SCHEME)) {
    return readPartRef(ctx, value, path);
  }
  const name = value.trim().slice(WORKER_SCHEME.length);
  if (!LOCAL_NAME.test(name)) {
    ctx.error(
      path,
      `${value.trim()}: after ${WORKER_SCHEME} comes a name of letters, digits, . _ - (as in WORKER_LOCAL_DATA)`,
    );
    return undefined;
  }
  ctx.warn(
    path,
    `${WORKER_SCHEME}${name} is not uploaded: send this competition's jobs to a queue whose workers hold data named ${name} (WORKER_LOCAL_DATA), or its runs fail`,
  );
  return { workerLocal: name };
}

/** A file the YAML names (page, terms, logo) must be in the bundle; returns the normalized path. */
export function readBundleFile(ctx: ParseContext, value: unknown, path: YamlPath): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    ctx.error(path, `must be the path of a file in the bundle, not ${describe(value)}`);
    return undefined;
  }
  const p = normalizeBundlePath(value);
  if (p === null || p === '') {
    ctx.error(path, `${value} is not a path inside the bundle; use a path relative to competition.yaml`);
    return undefined;
  }
  if (ctx.files.hasFile(p)) {
    if (ctx.files.size(p) === 0) {
      ctx.warn(path, `${p} is empty`);
    }
    return p;
  }
  if (ctx.files.hasDir(p)) {
    ctx.error(path, `${p} is a folder; name a file`);
  } else {
    ctx.error(path, `${p} does not exist in the bundle${hintFor(ctx, p)}`);
  }
  return undefined;
}

function hintFor(ctx: ParseContext, p: string): string {
  const { files } = ctx;
  if (files.hasFile(`${p}.zip`)) {
    return ` (did you mean ${p}.zip?)`;
  }
  if (/\.zip$/i.test(p) && files.hasDir(p.slice(0, -4))) {
    return ` (did you mean the folder ${p.slice(0, -4)}?)`;
  }
  const lower = p.toLowerCase();
  const sameButCase = files.files().find((f) => f.toLowerCase() === lower);
  if (sameButCase) {
    return ` (the bundle has ${sameButCase}; names are case-sensitive)`;
  }
  const dirButCase = files.files().find((f) => f.toLowerCase().startsWith(`${lower}/`));
  if (dirButCase) {
    return ` (the bundle has ${dirButCase.slice(0, p.length)}/; names are case-sensitive)`;
  }
  const base = p.split('/').pop()!;
  const elsewhere = files.files().filter((f) => f.split('/').pop() === base);
  if (elsewhere.length === 1) {
    return ` (found ${elsewhere[0]})`;
  }
  return '';
}
