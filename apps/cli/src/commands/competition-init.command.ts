import { existsSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliEnv } from '../api/cli-config';
import { ExitCode, type CliIo } from '../cli-io';
import { formatTable } from '../format/table';

interface TemplateInfo {
  name: string;
  title: string;
  summary: string;
}

/**
 * The templates folder: ARENA_TEMPLATES_DIR, else `templates/` of the checkout the CLI was built in (dist/apps/cli
 * is three levels below it).
 */
export function templatesRoot(env: CliEnv): string | null {
  const candidates = [
    env.ARENA_TEMPLATES_DIR,
    process.argv[1] && join(dirname(resolve(process.argv[1])), '..', '..', '..', 'templates'),
    join(__dirname, '..', '..', '..', 'templates'),
    join(__dirname, '..', '..', '..', '..', 'templates'),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(join(p, 'README.md'))) ?? null;
}

export async function listTemplates(root: string): Promise<TemplateInfo[]> {
  const out: TemplateInfo[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const manifest = join(root, entry.name, 'template.json');
    if (!entry.isDirectory() || !existsSync(manifest)) {
      continue;
    }
    const { title, summary } = JSON.parse(await readFile(manifest, 'utf8')) as TemplateInfo;
    out.push({ name: entry.name, title, summary });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** `arena competition init [template] [dir]`: lists the templates, or copies one into `dir` (default: its name). */
export async function competitionInit(
  template: string | undefined,
  dir: string | undefined,
  io: CliIo,
  env: CliEnv,
): Promise<number> {
  const root = templatesRoot(env);
  if (!root) {
    io.err(
      'arena competition init: no templates folder found (set ARENA_TEMPLATES_DIR to the templates/ of an Arena checkout)',
    );
    return ExitCode.usage;
  }
  const templates = await listTemplates(root);
  if (!template) {
    for (const line of formatTable(
      [{ title: 'TEMPLATE' }, { title: 'WHAT IT SHOWS' }],
      templates.map((t) => [t.name, t.summary]),
    )) {
      io.out(line);
    }
    io.out('copy one: arena competition init <template> [dir]');
    return ExitCode.ok;
  }
  const chosen = templates.find((t) => t.name === template);
  if (!chosen) {
    io.err(
      `arena competition init: no template "${template}"; the templates are ${templates.map((t) => t.name).join(', ')}`,
    );
    return ExitCode.usage;
  }
  const target = resolve(dir ?? template);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    io.err(`arena competition init: ${target} exists and is not empty; name another folder`);
    return ExitCode.usage;
  }
  try {
    await cp(join(root, template), target, { recursive: true, errorOnExist: true });
  } catch (e) {
    io.err(`arena competition init: cannot write ${target} (${(e as Error).message})`);
    return ExitCode.usage;
  }
  const shown = relative(process.cwd(), target) || '.';
  io.out(`created ${shown} from the template "${chosen.title}"; see ${join(shown, 'README.md')}`);
  io.out('next:');
  io.out(`  arena bundle validate ${join(shown, 'bundle')}`);
  io.out(`  arena bundle test ${join(shown, 'bundle')} ${join(shown, 'submissions', 'good')}`);
  io.out(`  arena competition upload ${join(shown, 'bundle')}`);
  return ExitCode.ok;
}

export function registerCompetitionInit(
  competition: Command,
  io: CliIo,
  env: CliEnv,
  setExit: (code: number) => void,
): void {
  competition
    .command('init')
    .description('start a competition from a template (without arguments: list the templates)')
    .argument('[template]', 'the template, e.g. results-only, code-submission, two-phase-final')
    .argument('[dir]', "the folder to create (default: the template's name)")
    .action(async (template: string | undefined, dir: string | undefined) =>
      setExit(await competitionInit(template, dir, io, env)),
    );
}
