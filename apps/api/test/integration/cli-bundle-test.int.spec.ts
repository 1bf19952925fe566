import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../../cli/test/built-cli';
import { ExitCode } from '../../../cli/src/cli-io';
import type { BundleTestReport } from '../../../cli/src/bundle-test/bundle-test';
import { TEST_ENV } from '../support/test-env';

const TEMPLATES = resolve(__dirname, '../../../../templates');

/**
 * `arena bundle test` (the built CLI) on the local Docker engine: the templates' samples get the verdicts and scores
 * the platform gives them (templates.e2e.spec.ts), the programs' output as it comes, and the board's row.
 */
describe("arena bundle test: a submission through the bundle's own programs, on the local Docker engine", () => {
  let tmp: string;
  const env = { WORKER_IMAGE_MAP: `codalab/codalab-legacy:*=${TEST_ENV.defaultImage}` };
  const test = (...args: string[]) =>
    runBuiltCli(['bundle', 'test', ...args], { HOME: tmp, ...env }, { timeoutMs: 120_000 });
  const template = (name: string, ...parts: string[]) => join(TEMPLATES, name, ...parts);
  const manifest = async (name: string) => JSON.parse(await readFile(template(name, 'template.json'), 'utf8'));

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'arena-bundle-test-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('scores the good sample and prints the board row (computed columns included); exit 0', async () => {
    const r = await test(template('average-rank', 'bundle'), template('average-rank', 'submissions', 'good'));
    expect(r.code, r.err).toBe(ExitCode.ok);
    expect(r.out).toContain('accuracy=0.8750 precision=1.0000 recall=0.7692');
    expect(r.out).toContain('Development: finished; the board would show:');
    expect(r.out).toMatch(
      /Accuracy\s+Precision\s+Recall\s+Mean\s+Average rank\n.*\n\s+0\.8750\s+1\.0000\s+0\.7692\s+0\.8814\s+1\.00/,
    );
  });

  it('fails the failing sample with the reason the platform gives, quoting the program; exit 10', async () => {
    const r = await test(template('code-submission', 'bundle'), template('code-submission', 'submissions', 'failing'));
    expect(r.code).toBe(ExitCode.runFailed);
    expect(r.err).toContain('stderr| NotImplementedError: fit is not written yet');
    expect(r.out).toContain(
      'Development: failed: program_error: the ingestion program (prediction step) exited with code 1',
    );
  });

  it("--json: every template's samples get the scores and reasons of its template.json, as on the platform", async () => {
    for (const name of ['results-only', 'multi-task', 'ingestion-during-scoring', 'codalab-v1']) {
      const expected = await manifest(name);
      const good = await test(template(name, 'bundle'), template(name, 'submissions', 'good'), '--json');
      expect(good.code, `${name}: ${good.err}`).toBe(ExitCode.ok);
      const report = JSON.parse(good.out) as BundleTestReport;
      for (const [key, value] of Object.entries(expected.good.scores as Record<string, number>)) {
        expect(report.scores[key], `${name} ${key}`).toBeCloseTo(value, 5);
      }
      const failing = await test(template(name, 'bundle'), template(name, 'submissions', 'failing'), '--json');
      expect(failing.code, name).toBe(ExitCode.runFailed);
      const failed = JSON.parse(failing.out) as BundleTestReport;
      expect(failed.failure?.code, name).toBe(expected.failing.failureCode);
      expect(failed.failure?.message, name).toContain(expected.failing.reason);
    }
  });

  it('worker:// data: fails without the folder (local_data_unavailable, with the way out), scores with --local-data', async () => {
    const bundle = template('confidential-data', 'bundle');
    const good = template('confidential-data', 'submissions', 'good');
    const without = await test(bundle, good);
    expect(without.code).toBe(ExitCode.runFailed);
    expect(without.out).toContain('failed: local_data_unavailable');
    expect(without.out).toContain('--local-data name=/abs/path');
    const data = join(tmp, 'secret');
    await cp(template('confidential-data', 'worker-data'), data, { recursive: true });
    const withData = await test(bundle, good, '--local-data', `arena-template-secret=${data}`);
    expect(withData.code, withData.err).toBe(ExitCode.ok);
    expect(withData.out).toMatch(/Accuracy\n\s+-+\n\s+0\.9000/);
  });

  it('a phase by name, a bundle with errors (exit 1), a missing path (exit 2), an unmapped image (image_unavailable)', async () => {
    const byName = await test(
      template('two-phase-final', 'bundle'),
      template('two-phase-final', 'submissions', 'good'),
      '--phase',
      'final',
      '--json',
    );
    expect(byName.code, byName.err).toBe(ExitCode.ok);
    expect((JSON.parse(byName.out) as BundleTestReport).phase).toBe('Final');
    const unknown = await test(
      template('two-phase-final', 'bundle'),
      template('two-phase-final', 'submissions', 'good'),
      '--phase',
      'Nope',
    );
    expect(unknown.code).toBe(ExitCode.usage);
    expect(unknown.err).toContain('the bundle has no phase "Nope": its phases are 1. Development, 2. Final');

    const broken = join(tmp, 'broken');
    await cp(template('results-only', 'bundle'), broken, { recursive: true });
    const yaml = await readFile(join(broken, 'competition.yaml'), 'utf8');
    await writeFile(join(broken, 'competition.yaml'), yaml.replace('tasks: [0]', 'tasks: [4]'));
    const invalid = await test(broken, template('results-only', 'submissions', 'good'));
    expect(invalid.code).toBe(ExitCode.invalid);
    expect(invalid.err).toContain('phases[0].tasks[0]: task index 4 does not exist');

    expect((await test('/no/such/bundle', template('results-only', 'submissions', 'good'))).code).toBe(ExitCode.usage);
    expect((await test(template('results-only', 'bundle'), '/no/such/submission')).code).toBe(ExitCode.usage);

    const unmapped = await runBuiltCli(
      [
        'bundle',
        'test',
        template('results-only', 'bundle'),
        template('results-only', 'submissions', 'good'),
        '--image-map',
        'codalab/codalab-legacy:py39=arena/no-such-image:1',
      ],
      { HOME: tmp, WORKER_PULL_TIMEOUT_SEC: '20' },
      { timeoutMs: 120_000 },
    );
    expect(unmapped.code).toBe(ExitCode.runFailed);
    expect(unmapped.out).toContain('failed: image_unavailable');
  });
});
