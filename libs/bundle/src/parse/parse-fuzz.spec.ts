import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fileIndex } from '../testing/bundle-fixture';
import { FULL_V2_YAML, fullV2Files } from '../testing/v2-bundle.fixture';
import { TYPICAL_V1_YAML } from '../testing/v1-bundle.fixture';
import { parseCompetitionYaml } from './parse-competition-yaml';

const files = fileIndex(fullV2Files());

/** Whatever the input, the parser returns problems (or a model), never throws, and a model comes only without errors. */
function checkTotal(text: string): void {
  const result = parseCompetitionYaml(text, files);
  const errors = result.problems.filter((p) => p.severity === 'error');
  expect(result.model === undefined || errors.length === 0).toBe(true);
  for (const p of result.problems) {
    expect(typeof p.message).toBe('string');
    expect(p.line === undefined || (Number.isInteger(p.line) && p.line >= 1)).toBe(true);
  }
  if (result.model) {
    JSON.stringify(result.model);
  }
}

describe('parseCompetitionYaml is total', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), checkTotal), { numRuns: 300 });
  });

  it('on arbitrary YAML data', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => checkTotal(stringify(v))),
      { numRuns: 300 },
    );
  });

  it('on real files with one line deleted or duplicated', () => {
    for (const source of [FULL_V2_YAML, TYPICAL_V1_YAML]) {
      const lines = source.split('\n');
      fc.assert(
        fc.property(fc.integer({ min: 0, max: lines.length - 1 }), fc.boolean(), (i, dup) => {
          const copy = [...lines];
          if (dup) {
            copy.splice(i, 0, lines[i]);
          } else {
            copy.splice(i, 1);
          }
          checkTotal(copy.join('\n'));
        }),
        { numRuns: 200 },
      );
    }
  });

  it('on real files with values replaced by odd ones', () => {
    const odd = fc.constantFrom('~', '[]', '{}', '-1', '1e309', '"x"', 'true', '*nope', '!!binary aGk=', '[1, [2]]');
    for (const source of [FULL_V2_YAML, TYPICAL_V1_YAML]) {
      const lines = source.split('\n');
      fc.assert(
        fc.property(fc.integer({ min: 0, max: lines.length - 1 }), odd, (i, value) => {
          const copy = [...lines];
          copy[i] = copy[i].replace(/:\s.*$/, `: ${value}`);
          checkTotal(copy.join('\n'));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('on a self-referencing alias', () => {
    checkTotal('version: 2\ntitle: t\ntasks: &t [*t]\nphases: &p [{tasks: *p, start: 2026-01-01}]\nleaderboards: []\n');
  });
});
