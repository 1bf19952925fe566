import type { Readable } from 'node:stream';
import type { BundleSource, RawBundleFile } from './bundle-source';
import type { FileTable } from './file-table';

/** What zip and folder bundles share: the listing made once at open answers every question about names. */
export abstract class ListedBundleSource implements BundleSource {
  abstract readonly kind: BundleSource['kind'];
  competitionFile: string | null = null;

  protected constructor(
    readonly label: string,
    protected readonly table: FileTable,
  ) {}

  files(): string[] {
    return this.table.files();
  }

  hasFile(path: string): boolean {
    return this.table.hasFile(path);
  }

  hasDir(path: string): boolean {
    return this.table.hasDir(path);
  }

  size(path: string): number | undefined {
    return this.table.size(path);
  }

  abstract readText(path: string, maxBytes: number): Promise<string>;
  abstract openRead(path: string): Readable;
  abstract rawFile(path: string): Promise<RawBundleFile | null>;
  abstract verified(): Promise<void>;
  abstract close(): void;
}
