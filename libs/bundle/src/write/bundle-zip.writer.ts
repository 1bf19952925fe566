import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeZip, type ZipWriterEntry } from '@arena/safe-zip';
import type { CompetitionModel, PartRef } from '../competition.model';
import { normalizeBundlePath } from '../source/bundle-paths';
import { toCompetitionYaml } from './competition-yaml.writer';

/** A file of the exported bundle, opened only when the zip writer reaches it. */
export interface BundleEntry {
  path: string;
  open: () => Readable | Promise<Readable>;
}

// Nested zips and images are already compressed.
const STORED = /\.(zip|png|jpe?g|gif|webp)$/i;
const MTIME = new Date(2000, 0, 1);

/**
 * Streams a bundle zip into `out`: competition.yaml first, then each entry, read one at a time from its source
 * (storage, disk), so nothing is held whole in memory. Paths must be relative and unique. Nested zips and images are
 * stored (copied with their CRC-32 computed on the way), the rest deflated.
 */
export async function writeBundleZip(yaml: string, entries: readonly BundleEntry[], out: Writable): Promise<void> {
  const seen = new Set(['competition.yaml']);
  const zipEntries: ZipWriterEntry[] = [
    {
      kind: 'stream',
      name: 'competition.yaml',
      compress: true,
      open: () => Readable.from([Buffer.from(yaml, 'utf8')]),
    },
  ];
  for (const entry of entries) {
    const p = normalizeBundlePath(entry.path);
    if (!p) {
      throw new Error(`${entry.path} is not a path inside the bundle`);
    }
    if (seen.has(p)) {
      throw new Error(`${p} is written twice`);
    }
    seen.add(p);
    zipEntries.push({ kind: 'stream', name: p, compress: !STORED.test(p), open: entry.open });
  }
  await pipeline(writeZip(zipEntries, { mtime: MTIME }), out);
}

/** How an exported bundle carries its parts: `full` puts each one in the zip, `light` names its dataset key. */
export type ExportMode = 'full' | 'light';

/** The sources of a model's files: each page, terms and logo path, and each part (by the key it is stored under). */
export interface ExportSources {
  file: (path: string) => Readable | Promise<Readable>;
  part: (key: string) => Readable | Promise<Readable>;
}

/**
 * Writes a whole competition: the model's parts must be dataset keys (`{ key }`), as the platform stores them. In
 * full mode each distinct key becomes a nested zip `parts/<key>.zip` and the YAML names that path; in light mode the
 * YAML names the key. Pages, terms and the logo are files in both modes.
 */
export async function writeCompetitionBundle(
  model: CompetitionModel,
  mode: ExportMode,
  sources: ExportSources,
  out: Writable,
): Promise<void> {
  const keys = new Set<string>();
  const place = (ref: PartRef | undefined): PartRef | undefined => {
    if (!ref || !('key' in ref) || mode === 'light') {
      return ref;
    }
    keys.add(ref.key);
    return { path: `parts/${ref.key}.zip` };
  };
  const exported: CompetitionModel = {
    ...model,
    tasks: model.tasks.map((t) => ({
      ...t,
      ...opt('scoringProgram', place(t.scoringProgram)),
      ...opt('ingestionProgram', place(t.ingestionProgram)),
      ...opt('inputData', place(t.inputData)),
      ...opt('referenceData', place(t.referenceData)),
    })),
    solutions: model.solutions.map((s) => ({ ...s, solution: place(s.solution)! })),
    phases: model.phases.map((p) => ({
      ...p,
      ...opt('startingKit', place(p.startingKit)),
      ...opt('publicData', place(p.publicData)),
    })),
  };
  const files = [...model.pages.map((p) => p.file), ...(model.terms ? [model.terms] : [])];
  if (model.image) {
    files.push(model.image);
  }
  const entries: BundleEntry[] = [...new Set(files)].map((path) => ({ path, open: () => sources.file(path) }));
  for (const key of keys) {
    entries.push({ path: `parts/${key}.zip`, open: () => sources.part(key) });
  }
  await writeBundleZip(toCompetitionYaml(exported), entries, out);
}

function opt<K extends string>(name: K, ref: PartRef | undefined): Partial<Record<K, PartRef>> {
  return ref ? ({ [name]: ref } as Record<K, PartRef>) : {};
}
