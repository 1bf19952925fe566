import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationReference } from '../.vitepress/reference/configuration';
import { builtSite } from './built-site';

const ROOT = resolve(__dirname, '../..');

describe('the configuration reference', () => {
  const ref = configurationReference();

  it('lists the variables of both config classes, each with a description', () => {
    expect(ref.api.map((v) => v.name)).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'S3_BUCKET', 'SMTP_HOST']),
    );
    expect(ref.worker.map((v) => v.name)).toEqual(
      expect.arrayContaining(['ARENA_API_URL', 'WORKER_IMAGE_MAP', 'WORKER_GPUS']),
    );
    expect(
      ref.undocumented,
      'variables with no comment in their config class and no note in configuration-notes.ts',
    ).toEqual([]);
    expect(ref.api.find((v) => v.name === 'PORT')).toMatchObject({ default: '3000', type: 'integer 0..65535' });
    expect(ref.worker.find((v) => v.name === 'WORKER_OUTPUT_MAX_BYTES')).toMatchObject({ default: '268435456' });
  });

  it('every variable is in .env.example, and the built page has its entry', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const html = readFileSync(join(builtSite(), 'reference', 'configuration.html'), 'utf8');
    const names = [...ref.api, ...ref.worker].map((v) => v.name);
    expect(names.filter((n) => !new RegExp(`\\b${n}\\b`).test(example))).toEqual([]);
    expect(names.filter((n) => !html.includes(`id="${n.toLowerCase()}"`))).toEqual([]);
  });
});
