import { PassThrough, type Readable } from 'node:stream';
import { SafeZip, type ZipLimits } from '@arena/safe-zip';
import { normalizeBundlePath } from './bundle-paths';
import { FileTable } from './file-table';
import { ListedBundleSource } from './listed-bundle.source';

/** A bundle read from a zip through SafeZip: every entry was checked (names, links, sizes, ratio, real sizes) at open. */
export class ZipBundleSource extends ListedBundleSource {
  readonly kind = 'zip';

  private constructor(
    label: string,
    private readonly zip: SafeZip,
    table: FileTable,
    /** Normalized path → the entry's name in the archive (they differ for `./x` or `a//b` names). */
    private readonly entryNames: Map<string, string>,
  ) {
    super(label, table);
  }

  static async open(path: string, label: string, limits: ZipLimits): Promise<ZipBundleSource> {
    // Every entry read once before anything uses it: an entry larger than its header says is refused here.
    const zip = await SafeZip.openVerified(path, limits, label);
    const table = new FileTable();
    const entryNames = new Map<string, string>();
    for (const entry of zip.entries) {
      if (entry.isDirectory) continue;
      const norm = normalizeBundlePath(entry.name);
      if (!norm) continue;
      table.add(norm, entry.size);
      entryNames.set(norm, entry.name);
    }
    return new ZipBundleSource(label, zip, table, entryNames);
  }

  readText(path: string, maxBytes: number): Promise<string> {
    return this.zip.readText(this.entryName(path), maxBytes);
  }

  openRead(path: string): Readable {
    const out = new PassThrough();
    this.zip.openReadStream(this.entryName(path)).then(
      (stream) => {
        stream.on('error', (e) => out.destroy(e));
        // A reader that stops early (a signature check) must not leave the entry stream half read.
        out.on('close', () => stream.destroy());
        stream.pipe(out);
      },
      (e: Error) => out.destroy(e),
    );
    return out;
  }

  close(): void {
    this.zip.close();
  }

  private entryName(path: string): string {
    const name = this.entryNames.get(path);
    if (name === undefined) throw new Error(`${this.label}: no file ${path} in the bundle`);
    return name;
  }
}
