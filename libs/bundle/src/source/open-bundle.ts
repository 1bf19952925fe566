import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DEFAULT_ZIP_LIMITS, ZipSafetyError, type ZipLimits } from '@arena/safe-zip';
import { BundleOpenError, type BundleSource, type BundleVerification } from './bundle-source';
import { DirBundleSource } from './dir-bundle.source';
import { ZipBundleSource } from './zip-bundle.source';

export interface BundleLimits extends ZipLimits {
  /** competition.yaml larger than this is refused before parsing. */
  maxYamlBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { ...DEFAULT_ZIP_LIMITS, maxYamlBytes: 1024 * 1024 };

const COMPETITION_FILES = ['competition.yaml', 'competition.yml'];

/**
 * Opens a bundle given as a zip, a folder, or the competition.yaml inside a folder, and finds its competition file.
 * Throws a BundleOpenError that names the bundle when it cannot be read, is unsafe, or has no competition.yaml.
 * `name`: what problems call the bundle, where its path means nothing to the reader (an upload's temporary file).
 * `verify`: when a zip's files are read through against their headers (BundleSource.verified).
 */
export async function openBundle(
  path: string,
  limits: Partial<BundleLimits> = {},
  name?: string,
  verify: BundleVerification = 'at-open',
): Promise<BundleSource> {
  const caps = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  let label = name ?? (basename(path) || path);
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new BundleOpenError('not-found', label, ['no such file or folder']);
    }
    throw new BundleOpenError('unreadable', label, [`cannot be read (${(e as Error).message})`]);
  }
  let source: BundleSource;
  if (st.isDirectory()) {
    source = await openDirectory(path, label, caps);
  } else if (COMPETITION_FILES.includes(basename(path))) {
    // `arena bundle validate my-bundle/competition.yaml` means the folder around it.
    const dir = dirname(path);
    label = name ?? (basename(dir) || dir);
    source = await openDirectory(dir, label, caps);
  } else {
    source = await openZip(path, label, caps, verify);
  }
  const found = locateCompetitionFile(source);
  if (typeof found !== 'string') {
    source.close();
    throw new BundleOpenError('no-competition-yaml', label, [found.problem]);
  }
  (source as { competitionFile: string | null }).competitionFile = found;
  return source;
}

async function openDirectory(path: string, label: string, caps: BundleLimits): Promise<BundleSource> {
  try {
    return await DirBundleSource.open(path, label, caps);
  } catch (e) {
    if (e instanceof BundleOpenError) {
      throw e;
    }
    throw new BundleOpenError('unreadable', label, [`cannot be read (${(e as Error).message})`]);
  }
}

async function openZip(
  path: string,
  label: string,
  caps: BundleLimits,
  verify: BundleVerification,
): Promise<BundleSource> {
  try {
    return await ZipBundleSource.open(path, label, caps, verify);
  } catch (e) {
    if (e instanceof ZipSafetyError) {
      if (e.problems.length === 1 && e.problems[0].startsWith('not a readable zip')) {
        const why = e.problems[0].replace(/^not a readable zip archive \((.*)\)$/s, '$1');
        throw new BundleOpenError('not-a-bundle', label, [`is neither a zip archive nor a folder (${why})`]);
      }
      throw new BundleOpenError('unsafe', label, e.problems);
    }
    throw new BundleOpenError('unreadable', label, [`cannot be read (${(e as Error).message})`]);
  }
}

/** The competition file at the root, or a message that says where it is and what to do. */
export function locateCompetitionFile(
  source: Pick<BundleSource, 'files' | 'hasFile' | 'kind'>,
): string | { problem: string } {
  for (const name of COMPETITION_FILES) {
    if (source.hasFile(name)) {
      return name;
    }
  }
  const files = source.files();
  const where = source.kind === 'zip' ? 'the zip' : 'the folder';
  const rootYaml = files.filter((f) => !f.includes('/') && /\.ya?ml$/i.test(f));
  const wrongCase = rootYaml.find((f) => COMPETITION_FILES.includes(f.toLowerCase()));
  if (wrongCase) {
    return {
      problem: `found ${wrongCase} at the root of ${where}: rename it competition.yaml (names are case-sensitive)`,
    };
  }
  const nested = files.filter((f) => {
    const parts = f.split('/');
    return parts.length === 2 && COMPETITION_FILES.includes(parts[1]);
  });
  if (nested.length === 1) {
    const folder = nested[0].split('/')[0];
    const fix = source.kind === 'zip' ? "zip the folder's contents, not the folder" : 'point at that folder instead';
    return { problem: `competition.yaml is not at the root of ${where}; found it in ${folder}/ — ${fix}` };
  }
  if (nested.length > 1) {
    const folders = nested.map((f) => `${f.split('/')[0]}/`).join(', ');
    const problem = `competition.yaml is not at the root of ${where}; found several, in ${folders} — one bundle per zip`;
    return { problem };
  }
  if (rootYaml.length > 0) {
    const found = rootYaml.join(', ');
    return {
      problem: `no competition.yaml at the root of ${where} (found ${found}; the file must be named competition.yaml)`,
    };
  }
  return { problem: `no competition.yaml at the root of ${where}` };
}
