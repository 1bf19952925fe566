import { PassThrough, type Readable } from 'node:stream';
import { SafeZip, type ZipLimits } from '@arena/safe-zip';
import { normalizeBundlePath } from './bundle-paths';
import type { BundleVerification, RawBundleFile } from './bundle-source';
import { FileTable } from './file-table';
import { ListedBundleSource } from './listed-bundle.source';

/**
 * A bundle read from a zip through SafeZip: every entry's name, type and declared size is checked at open; its content
 * against its header either at open too, or (`deferred`) by `verified()`, while the caller copies files raw.
 */
export class ZipBundleSource extends ListedBundleSource {
  readonly kind = 'zip';
  private verification: Promise<void> | undefined;

  private constructor(
    label: string,
    private readonly zip: SafeZip,
    table: FileTable,
    /** Normalized path → the entry's name in the archive (they differ for `./x` or `a//b` names). */
    private readonly entryNames: Map<string, string>,
  ) {
    super(label, table);
  }

  static async open(
    path: string,
    label: string,
    limits: ZipLimits,
    verify: BundleVerification = 'at-open',
  ): Promise<ZipBundleSource> {
    // At open: every entry read once before anything uses it, so an entry larger than its header says is refused here.
    const zip =
      verify === 'at-open' ? await SafeZip.openVerified(path, limits, label) : await SafeZip.open(path, limits, label);
    const table = new FileTable();
    const entryNames = new Map<string, string>();
    for (const entry of zip.entries) {
      if (entry.isDirectory) {
        continue;
      }
      const norm = normalizeBundlePath(entry.name);
      if (!norm) {
        continue;
      }
      table.add(norm, entry.size);
      entryNames.set(norm, entry.name);
    }
    const source = new ZipBundleSource(label, zip, table, entryNames);
    if (verify === 'at-open') {
      source.verification = Promise.resolve();
    }
    return source;
  }

  verified(): Promise<void> {
    this.verification ??= this.zip.verify(this.label);
    return this.verification;
  }

  async rawFile(path: string): Promise<RawBundleFile> {
    const name = this.entryName(path);
    const raw = await this.zip.rawEntry(name);
    return { ...raw, open: () => this.zip.openRaw(name) };
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
    if (name === undefined) {
      throw new Error(`${this.label}: no file ${path} in the bundle`);
    }
    return name;
  }
}
