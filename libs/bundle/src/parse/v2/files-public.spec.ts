import { describe, expect, it } from 'vitest';
import { fileIndex } from '../../testing/bundle-fixture';
import { FULL_V2_YAML, fullV2Files } from '../../testing/v2-bundle.fixture';
import { toCompetitionYaml } from '../../write/competition-yaml.writer';
import { parseCompetitionYaml } from '../parse-competition-yaml';

const files = fileIndex(fullV2Files());
const parse = (yaml: string) => parseCompetitionYaml(yaml, files);

/** `files_public: true` (an Arena key): anyone may download what the phases offer. */
describe('v2: files_public', () => {
  it('is off unless the YAML says true, and is then kept by the writer', () => {
    expect(parse(FULL_V2_YAML).model!.filesPublic).toBeUndefined();
    const on = parse(`${FULL_V2_YAML}files_public: true\n`);
    expect(on.problems).toEqual([]);
    expect(on.model!.filesPublic).toBe(true);
    const written = toCompetitionYaml(on.model!);
    expect(written).toMatch(/^files_public: true$/m);
    expect(parse(written).model).toEqual(on.model);
  });

  it('is not written when off, and false reads as off', () => {
    const off = parse(`${FULL_V2_YAML}files_public: false\n`);
    expect(off.problems).toEqual([]);
    expect(off.model!.filesPublic).toBeUndefined();
    expect(toCompetitionYaml(off.model!)).not.toMatch(/files_public/);
  });

  it('refuses a value that is not a boolean', () => {
    const bad = parse(`${FULL_V2_YAML}files_public: maybe\n`);
    expect(bad.problems.some((p) => p.severity === 'error' && p.path === 'files_public')).toBe(true);
  });
});
