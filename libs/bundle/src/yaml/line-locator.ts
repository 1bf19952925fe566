import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { YamlPath } from '../problems/yaml-path';

const MAX_ALIAS_HOPS = 32;

/**
 * Finds the line of a YAML path in the parsed document, following aliases and `<<` merges. A path that does not
 * exist (a missing required key) gets the line of its deepest existing ancestor, which is where the fix goes.
 */
export class LineLocator {
  constructor(
    private readonly doc: Document | null,
    private readonly counter: LineCounter,
  ) {}

  lineOf(path: YamlPath): number | undefined {
    if (!this.doc) {
      return undefined;
    }
    let node: unknown = this.doc.contents;
    let line = this.nodeLine(node);
    for (const seg of path) {
      node = this.deref(node);
      if (isMap(node)) {
        const pair = this.findPair(node, String(seg), 0);
        if (!pair) {
          break;
        }
        line = this.nodeLine(pair.key) ?? this.nodeLine(pair.value) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item: unknown = node.items[seg];
        if (item === undefined) {
          break;
        }
        line = this.nodeLine(item) ?? line;
        node = item;
      } else {
        break;
      }
    }
    return line;
  }

  private findPair(map: { items: Pair[] }, key: string, depth: number): Pair | undefined {
    for (const pair of map.items) {
      if (!isMergeKey(pair.key) && keyText(pair.key) === key) {
        return pair;
      }
    }
    if (depth > MAX_ALIAS_HOPS) {
      return undefined;
    }
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) {
        continue;
      }
      const source = this.deref(pair.value);
      const sources = isSeq(source) ? source.items.map((s) => this.deref(s)) : [source];
      for (const s of sources) {
        if (!isMap(s)) {
          continue;
        }
        const found = this.findPair(s, key, depth + 1);
        if (found) {
          return found;
        }
      }
    }
    return undefined;
  }

  private deref(node: unknown): unknown {
    let current = node;
    for (let i = 0; i < MAX_ALIAS_HOPS && isAlias(current); i++) {
      current = current.resolve(this.doc!);
    }
    return current;
  }

  private nodeLine(node: unknown): number | undefined {
    const range = (node as Node | null | undefined)?.range;
    return range ? this.counter.linePos(range[0]).line : undefined;
  }
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) {
    return false;
  }
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}
