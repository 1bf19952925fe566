import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, type CliIo } from '../src/cli-io';
import { runCli } from '../src/cli.program';
import type { BundleValidateJson } from '../src/commands/bundle-validate.command';
import { CONTRACT_YAML, contractFiles, writeFolder, writeZipFile } from './contract-bundle.fixture';

const repo = resolve(__dirname, '../../..');
let dir: string;
const paths: Record<'zip' | 'folder' | 'broken' | 'v1', string> = { zip: '', folder: '', broken: '', v1: '' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arena-cli-'));
  paths.folder = await writeFolder(join(dir, 'good'), contractFiles());
  paths.zip = await writeZipFile(join(dir, 'good.zip'), contractFiles());
  paths.broken = await writeFolder(join(dir, 'bad'), contractFiles(CONTRACT_YAML.replace('tasks: [0]', 'tasks: [3]')));
  paths.v1 = await writeFolder(join(dir, 'v1'), {
    ...contractFiles(),
    'competition.yaml': `title: V1
html: {overview: pages/overview.md, terms: pages/terms.md}
phases:
  1: {phasenumber: 1, label: One, start_date: 2026-01-01, scoring_program: scoring_program, reference_data: reference_data}
leaderboard:
  leaderboards: {Results: &R {label: Results}}
  columns: {score: {leaderboard: *R}}
`,
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DOCS = 'https://arena.example.org/docs';
const REFERENCE = `${DOCS}/reference/competition-yaml.html`;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => (out += s.endsWith('\n') ? s : `${s}\n`), err: (s) => (err += s) };
  const code = await runCli(['node', 'arena', ...args], io, { ARENA_DOCS_URL: DOCS });
  return { code, out, err };
}

describe('arena bundle validate (in process)', () => {
  it('valid zip --json: exit 0 and one JSON object', async () => {
    const { code, out } = await run('bundle', 'validate', paths.zip, '--json');
    expect(code).toBe(ExitCode.ok);
    const json = JSON.parse(out) as BundleValidateJson;
    expect(json).toEqual({
      valid: true,
      format: 'v2',
      errors: [],
      warnings: [],
      summary: { title: 'Contract check', phases: 1, tasks: 1, leaderboards: 1 },
    });
  });

  it('valid folder: exit 0 with a one-line summary', async () => {
    const { code, out } = await run('bundle', 'validate', paths.folder);
    expect(code).toBe(ExitCode.ok);
    expect(out).toBe(
      `${paths.folder}: valid v2 bundle "Contract check": 1 phase, 1 task, 1 leaderboard; 0 errors, 0 warnings\n`,
    );
  });

  it('broken folder: exit 1, naming competition.yaml, the YAML path and the line', async () => {
    const human = await run('bundle', 'validate', paths.broken);
    expect(human.code).toBe(ExitCode.invalid);
    expect(human.out.split('\n')[0]).toBe(
      `competition.yaml: phases[0].tasks[0]: task index 3 does not exist; declared task indexes: 0 (line 17) -- see ${REFERENCE}#v2-phases-tasks`,
    );
    const json = await run('bundle', 'validate', paths.broken, '--json');
    expect(json.code).toBe(ExitCode.invalid);
    expect((JSON.parse(json.out) as BundleValidateJson).errors).toEqual([
      {
        file: 'competition.yaml',
        path: 'phases[0].tasks[0]',
        line: 17,
        message: 'task index 3 does not exist; declared task indexes: 0',
        docs: `${REFERENCE}#v2-phases-tasks`,
      },
    ]);
  });

  it('a v1 bundle passes with warnings (exit 0)', async () => {
    const { code, out } = await run('bundle', 'validate', paths.v1, '--json');
    const json = JSON.parse(out) as BundleValidateJson;
    expect(code).toBe(ExitCode.ok);
    expect(json.format).toBe('v1');
    expect(json.warnings.map((w) => w.path)).toEqual(['version', 'html']);
    // Each problem's link is its key's entry in the reference of the bundle's format.
    expect(json.warnings.map((w) => w.docs)).toEqual([`${REFERENCE}#v1-top-version`, `${REFERENCE}#v1-top-html`]);
  });

  it.each([
    [['bundle', 'validate', '/no/such/bundle.zip'], ExitCode.usage],
    [['bundle', 'validate'], ExitCode.usage],
    [['bundle', 'validate', 'x', '--bogus'], ExitCode.usage],
    [['nonsense'], ExitCode.usage],
    [['--help'], ExitCode.ok],
  ])('%j → exit %i', async (args, expected) => {
    expect((await run(...args)).code).toBe(expected);
  });

  it('links to the docs of the server arena login saved, and to the page where the problem has no key', async () => {
    const home = await mkdtemp(join(tmpdir(), 'arena-cli-home-'));
    try {
      await mkdir(join(home, 'arena'), { recursive: true });
      await writeFile(
        join(home, 'arena', 'config.json'),
        JSON.stringify({ url: 'https://lab.example.org/', token: 't' }),
      );
      let out = '';
      const io: CliIo = { out: (s) => (out += `${s}\n`), err: () => undefined };
      await runCli(['node', 'arena', 'bundle', 'validate', paths.broken, '--json'], io, { XDG_CONFIG_HOME: home });
      expect((JSON.parse(out) as BundleValidateJson).errors[0].docs).toBe(
        'https://lab.example.org/docs/reference/competition-yaml.html#v2-phases-tasks',
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
    const notABundle = await run('bundle', 'validate', join(paths.folder, 'logo.png'), '--json');
    expect((JSON.parse(notABundle.out) as BundleValidateJson).errors[0].docs).toBe(`${REFERENCE}#v2`);
  });

  it('a file that is not a bundle is invalid (exit 1), not a usage problem', async () => {
    const { code, out } = await run('bundle', 'validate', join(paths.folder, 'logo.png'), '--json');
    expect(code).toBe(ExitCode.invalid);
    expect((JSON.parse(out) as BundleValidateJson).errors[0].message).toMatch(/is neither a zip archive nor a folder/);
  });
});

describe('arena bundle validate (built CLI, as contract.sh runs it)', () => {
  beforeAll(() => {
    execFileSync(
      join(repo, 'node_modules/.bin/vite'),
      ['build', '-c', 'apps/cli/vite.config.mts', '--logLevel', 'error'],
      { cwd: repo },
    );
  }, 120_000);

  it.each([
    ['zip --json', () => [paths.zip, '--json'], 0],
    ['folder --json', () => [paths.folder, '--json'], 0],
    ['broken folder --json', () => [paths.broken, '--json'], 1],
  ])('%s', (_name, args, status) => {
    const child = spawnSync(process.execPath, [join(repo, 'dist/apps/cli/main.js'), 'bundle', 'validate', ...args()], {
      encoding: 'utf8',
    });
    expect(child.status).toBe(status);
    const json = JSON.parse(child.stdout) as BundleValidateJson;
    expect(json.valid).toBe(status === 0);
    if (status === 1) {
      expect(child.stdout).toMatch(/competition\.yaml[\s\S]*phases/);
    }
  });
});
