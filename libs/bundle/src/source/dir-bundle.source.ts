import { constants, createReadStream, openSync } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ZipLimits } from '@arena/safe-zip';
import { BundleOpenError } from './bundle-source';
import { FileTable } from './file-table';
import { ListedBundleSource } from './listed-bundle.source';

// Version-control folders are never part of a bundle, and can hold many thousands of files.
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn']);

/**
 * A bundle read from a folder. The tree is listed once with lstat: a symbolic link (which could point anywhere on
 * the machine) refuses the bundle, and reads are limited to the listed files, opened with O_NOFOLLOW.
 */
export class DirBundleSource extends ListedBundleSource {
  readonly kind = 'directory';

  private constructor(
    label: string,
    private readonly root: string,
    table: FileTable,
  ) {
    super(label, table);
  }

  static async open(root: string, label: string, limits: ZipLimits): Promise<DirBundleSource> {
    const table = new FileTable();
    const refused: string[] = [];
    let count = 0;
    let total = 0;
    async function walk(dir: string, rel: string): Promise<void> {
      for (const name of (await readdir(dir)).sort()) {
        const full = join(dir, name);
        const relPath = rel ? `${rel}/${name}` : name;
        const st = await lstat(full);
        if (st.isDirectory()) {
          if (!SKIPPED_DIRS.has(name)) {
            await walk(full, relPath);
          }
        } else if (st.isFile()) {
          count += 1;
          total += st.size;
          if (count > limits.maxEntries) {
            throw new BundleOpenError('unsafe', label, [`more than ${limits.maxEntries} files`]);
          }
          table.add(relPath, st.size);
        } else if (st.isSymbolicLink()) {
          refused.push(`${relPath}: symbolic links are not allowed`);
        } else {
          refused.push(`${relPath}: not a regular file`);
        }
      }
    }
    await walk(root, '');
    if (total > limits.maxTotalBytes) {
      refused.push(`size ${total} bytes exceeds the cap of ${limits.maxTotalBytes} bytes`);
    }
    if (refused.length > 0) {
      throw new BundleOpenError('unsafe', label, refused);
    }
    return new DirBundleSource(label, root, table);
  }

  async readText(path: string, maxBytes: number): Promise<string> {
    const handle = await open(this.fullPath(path), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        throw new Error(`${path} is larger than ${maxBytes} bytes`);
      }
      const buf = Buffer.alloc(size);
      const { bytesRead } = await handle.read(buf, 0, size, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }

  openRead(path: string): Readable {
    const full = this.fullPath(path);
    // Opened here, not lazily, so that a link swapped in after listing fails now (O_NOFOLLOW) with a clear error.
    const fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW);
    return createReadStream(full, { fd, autoClose: true });
  }

  /** A folder's files are not stored compressed: there is nothing to copy raw. */
  async rawFile(): Promise<null> {
    return null;
  }

  /** Files of a folder have no header that could lie about them. */
  async verified(): Promise<void> {}

  close(): void {
    // Nothing is held open between reads.
  }

  private fullPath(path: string): string {
    if (!this.table.hasFile(path)) {
      throw new Error(`${this.label}: no file ${path} in the bundle`);
    }
    return join(this.root, ...path.split('/'));
  }
}
