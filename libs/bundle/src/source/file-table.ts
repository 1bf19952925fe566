import { isIgnoredPath } from './bundle-paths';

/** The name index shared by zip and folder sources: regular files by normalized path, with their sizes. */
export class FileTable {
  private readonly sizes = new Map<string, number>();
  private readonly dirs = new Set<string>();

  add(path: string, size: number): void {
    if (isIgnoredPath(path)) {
      return;
    }
    this.sizes.set(path, size);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      this.dirs.add(parts.slice(0, i).join('/'));
    }
  }

  files(): string[] {
    return [...this.sizes.keys()];
  }

  hasFile(path: string): boolean {
    return this.sizes.has(path);
  }

  hasDir(path: string): boolean {
    return this.dirs.has(path.replace(/\/+$/, ''));
  }

  size(path: string): number | undefined {
    return this.sizes.get(path);
  }
}
