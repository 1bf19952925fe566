import { Document, LineCounter, parseDocument, type ScalarTag } from 'yaml';
import type { BundleProblem } from '../competition.model';
import { LineLocator } from './line-locator';

export interface YamlReadOptions {
  file: string;
  maxBytes: number;
  /** Cap on alias expansion (YAML "billion laughs"); generous enough for v1 files that alias every column. */
  maxAliasCount?: number;
}

export interface YamlReadResult {
  /** The document as plain data; undefined when it could not be read (an error says why). */
  value: unknown;
  lines: LineLocator;
  problems: BundleProblem[];
}

// Old CodaLab exports were dumped by Python 2 and tag every string; they are plain strings to us.
const PYTHON_STRING_TAGS: ScalarTag[] = ['python/unicode', 'python/str'].map((name) => ({
  tag: `tag:yaml.org,2002:${name}`,
  identify: () => false,
  resolve: (s: string) => s,
}));

/**
 * Reads YAML without ever running code: YAML 1.2 core schema (what looks like a date stays a string, parsed later
 * with offsets honoured), `<<` merges, the two harmless Python string tags, and nothing else. Any other tag
 * (`!!python/object/apply:…`) is refused. Size and alias expansion are capped.
 */
export function readYaml(text: string, options: YamlReadOptions): YamlReadResult {
  const { file } = options;
  const counter = new LineCounter();
  const problems: BundleProblem[] = [];
  const report = (severity: BundleProblem['severity'], message: string, line?: number): void => {
    problems.push({ severity, file, path: '', line, message });
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > options.maxBytes) {
    report('error', `the file is ${bytes} bytes; the limit is ${options.maxBytes}`);
    return { value: undefined, lines: new LineLocator(null, counter), problems };
  }
  let doc: Document;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), {
      lineCounter: counter,
      prettyErrors: true,
      merge: true,
      uniqueKeys: true,
      customTags: PYTHON_STRING_TAGS,
    });
  } catch (e) {
    // The composer recurses per nesting level; a pathological file can exhaust the stack.
    report('error', `YAML could not be read (${e instanceof RangeError ? 'nesting too deep' : (e as Error).message})`);
    return { value: undefined, lines: new LineLocator(null, counter), problems };
  }
  const lines = new LineLocator(doc, counter);
  let fatal = false;
  for (const e of doc.errors) {
    const line = e.linePos?.[0].line;
    if (e.code === 'DUPLICATE_KEY') {
      report('warning', 'duplicate key: the last value is used (as PyYAML does)', line);
    } else {
      fatal = true;
      report('error', `YAML syntax: ${firstLine(e.message)}`, line);
    }
  }
  for (const w of doc.warnings) {
    const line = w.linePos?.[0].line;
    if (w.code === 'TAG_RESOLVE_FAILED') {
      fatal = true;
      const tag = w.message.replace(/^Unresolved tag: /, '').replace(/^tag:yaml\.org,2002:/, '!!');
      const allowed = 'only plain YAML, !!python/unicode and !!python/str are read';
      report('error', `YAML tag ${firstLine(tag)} is not allowed (${allowed})`, line);
    } else {
      report('warning', `YAML: ${firstLine(w.message)}`, line);
    }
  }
  if (fatal) {
    return { value: undefined, lines, problems };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: options.maxAliasCount ?? 1000 }), lines, problems };
  } catch (e) {
    const msg = (e as Error).message;
    report(
      'error',
      /alias count/i.test(msg)
        ? 'too many alias expansions: the YAML expands like a "billion laughs" bomb'
        : `YAML could not be read (${msg})`,
    );
    return { value: undefined, lines, problems };
  }
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}
