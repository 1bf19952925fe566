import type { BundleProblem } from '../competition.model';
import { formatYamlPath, type YamlPath } from '../problems/yaml-path';
import type { BundleFileIndex } from '../source/bundle-source';
import type { LineLocator } from '../yaml/line-locator';

/** A part (program, data, kit, solution) that the YAML names by path, with where it is named. */
export interface PartUse {
  /** The normalized bundle path: a `.zip` file or a folder. */
  path: string;
  /** The YAML key that named it: `scoring_program`, `reference_data`, `starting_kit`, `path` (a solution)… */
  role: string;
  yamlPath: string;
  line?: number;
}

/** What every section parser shares: where problems go, how to find their line, and which files the bundle has. */
export class ParseContext {
  constructor(
    readonly file: string,
    readonly problems: BundleProblem[],
    readonly lines: LineLocator,
    readonly files: BundleFileIndex,
  ) {}

  /** Every part named by path, in the order met; the same path may appear under several tasks. */
  readonly parts: PartUse[] = [];

  notePart(path: YamlPath, bundlePath: string): void {
    const role = [...path].reverse().find((s): s is string => typeof s === 'string') ?? '';
    const line = this.lines.lineOf(path);
    const at = line !== undefined ? { line } : {};
    this.parts.push({ path: bundlePath, role, yamlPath: formatYamlPath(path), ...at });
  }

  error(path: YamlPath, message: string): void {
    this.add('error', path, message);
  }

  warn(path: YamlPath, message: string): void {
    this.add('warning', path, message);
  }

  errorCount(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }

  private add(severity: BundleProblem['severity'], path: YamlPath, message: string): void {
    const line = this.lines.lineOf(path);
    const at = line !== undefined ? { line } : {};
    this.problems.push({ severity, file: this.file, path: formatYamlPath(path), ...at, message });
  }
}
