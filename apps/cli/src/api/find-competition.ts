import type { Schema } from '@arena/api-client';
import { ExitCode } from '../cli-io';
import { type ArenaSession, call } from './arena-api';
import { CliFailure } from './cli-failure';

type Competition = Schema<'CompetitionDto'>;
type Phase = Competition['phases'][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(text: string): boolean {
  return UUID.test(text.trim());
}

/**
 * A competition by its id or its title as the docs and the web app show it: the title the caller may see that equals
 * it (letter case aside), else the only one holding it. Several candidates are listed rather than guessed between.
 */
export async function findCompetition(session: ArenaSession, ref: string): Promise<Competition> {
  const text = ref.trim();
  if (isId(text)) {
    return call(session, () => session.client.GET('/api/competitions/{id}', { params: { path: { id: text } } }));
  }
  const found = await call(session, () =>
    session.client.GET('/api/competitions', { params: { query: { q: text, limit: 50 } } }),
  );
  const exact = found.filter((c) => c.title.toLowerCase() === text.toLowerCase());
  const matches = exact.length > 0 ? exact : found;
  if (matches.length === 0) {
    throw new CliFailure(
      `no competition you can see is called "${text}" (arena competitions lists them)`,
      ExitCode.notFound,
    );
  }
  if (matches.length > 1) {
    const lines = matches.map((c) => `  ${c.id}  ${c.title}`);
    throw new CliFailure(
      `"${text}" names ${matches.length} competitions: give one's id or full title`,
      ExitCode.usage,
      lines,
    );
  }
  const id = matches[0].id;
  return call(session, () => session.client.GET('/api/competitions/{id}', { params: { path: { id } } }));
}

/**
 * A phase by its id, or by its name (letter case aside) or its number (`1` is the first) in a competition named by
 * id or title. Returns the phase's id.
 */
export async function findPhaseId(session: ArenaSession, ref: string, competition?: string): Promise<string> {
  const text = ref.trim();
  if (isId(text)) {
    return text;
  }
  if (!competition) {
    throw new CliFailure(
      `"${text}" is not a phase id: name its competition too (--competition <id or title>), or see arena phases <competition>`,
      ExitCode.usage,
    );
  }
  const c = await findCompetition(session, competition);
  return phaseOf(c, text).id;
}

export function phaseOf(c: Competition, ref: string): Phase {
  const byName = c.phases.filter((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (byName.length === 1) {
    return byName[0];
  }
  const n = /^\d+$/.test(ref) ? Number(ref) : NaN;
  const byNumber = c.phases.find((p) => p.index === n - 1);
  if (byName.length === 0 && byNumber) {
    return byNumber;
  }
  const names = c.phases.map((p) => `${p.index + 1}. ${p.name}`).join(', ');
  throw new CliFailure(
    `"${c.title}" has ${byName.length > 1 ? 'several phases' : 'no phase'} called "${ref}": its phases are ${names}`,
    ExitCode.notFound,
  );
}
