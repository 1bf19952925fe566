import { cp, readFile, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import type { Pool } from 'pg';
import { ApiSession } from './api-session';

const EXAMPLE = resolve(__dirname, '../../examples/binary-classification');

// Three score columns and an average-rank column that ranks the board (CodaLab v1's usual setup).
const LEADERBOARDS = `leaderboards:
  - title: Results
    key: main
    submission_rule: Force_Best
    primary_index: 3
    columns:
      - { title: Accuracy, key: accuracy, index: 0, sorting: desc, precision: 4 }
      - { title: F1, key: f1, index: 1, sorting: desc, precision: 4 }
      - { title: Log loss, key: logloss, index: 2, sorting: asc, precision: 4 }
      - title: Mean rank
        key: mean_rank
        index: 3
        sorting: asc
        precision: 2
        computation: avg_rank
        computation_indexes: [0, 1, 2]
`;

export interface BigBoard {
  organizer: ApiSession;
  competitionId: string;
  phaseId: string;
  /** The board `main` of the phase. */
  boardId: string;
  /** Participants with a token (signed up through the API), first among `owners`. */
  callers: { id: string; token: string }[];
  /** Every participant with submissions. */
  owners: string[];
}

/**
 * A competition whose board `main` (Force_Best, ranked by the average rank of 3 columns) holds `participants`
 * entrants' best of `submissions` finished submissions: seeded straight into PostgreSQL, then rebuilt through the API.
 * `callers` of them sign up through the API, for the reads that need a token.
 */
export async function bigBoard(
  api: string,
  pool: Pool,
  tmp: string,
  sizes: { submissions: number; participants: number; callers: number },
): Promise<BigBoard> {
  const stamp = Date.now().toString(36);
  const organizer = await ApiSession.signUp(api, `bench-lb-org-${stamp}`);
  const competition = await organizer.upload('/api/competitions', 'bundle', await bundle(tmp));
  // New uploads are drafts: the board's readers need it public.
  await organizer.call('PUT', `/api/competitions/${competition.id}/visibility`, { visibility: 'public' });
  const phaseId: string = competition.phases[0].id;
  const callers = await Promise.all(
    Array.from({ length: sizes.callers }, (_, i) => signUp(api, `bench-lb-${stamp}-${i}`)),
  );
  let t0 = performance.now();
  const owners = await seed(
    pool,
    competition.id,
    phaseId,
    stamp,
    callers.map((c) => c.id),
    sizes.participants,
    sizes.submissions,
  );
  console.log(
    `seeded ${sizes.submissions} finished submissions from ${sizes.participants} participants in ${since(t0)} s`,
  );
  t0 = performance.now();
  const rebuilt = await organizer.call('POST', `/api/competitions/${competition.id}/leaderboards/rebuild`);
  console.log(
    `rebuild (Force_Best over ${sizes.submissions}, average rank of 3 columns): ${rebuilt.entries} rows in ${since(t0)} s`,
  );
  const boards = await pool.query('SELECT id FROM leaderboards WHERE competition_id = $1 AND key = $2', [
    competition.id,
    'main',
  ]);
  return { organizer, competitionId: competition.id, phaseId, boardId: boards.rows[0].id, callers, owners };
}

export function since(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(2);
}

/** A participant whose token the load needs (ApiSession keeps its own private). */
async function signUp(api: string, username: string): Promise<{ id: string; token: string }> {
  const body = { email: `${username}@bench.example.org`, username, password: 'bench-password-123' };
  const res = await fetch(`${api}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { token: string; user: { id: string } };
  if (!res.ok) {
    throw new Error(`signup ${username}: HTTP ${res.status} ${JSON.stringify(json)}`);
  }
  return { id: json.user.id, token: json.token };
}

async function bundle(tmp: string): Promise<string> {
  const dir = join(tmp, 'bundle');
  await cp(join(EXAMPLE, 'bundle'), dir, { recursive: true });
  const yaml = await readFile(join(dir, 'competition.yaml'), 'utf8');
  await writeFile(join(dir, 'competition.yaml'), `${yaml.split('\nleaderboards:')[0]}\n${LEADERBOARDS}`);
  const zip = join(tmp, 'bundle.zip');
  await zipDirectory(dir, createWriteStream(zip));
  return zip;
}

/** Users and finished submissions in a few set-based statements (generate_series), with random scores. */
async function seed(
  pool: Pool,
  competitionId: string,
  phaseId: string,
  stamp: string,
  callerIds: string[],
  participants: number,
  submissions: number,
): Promise<string[]> {
  const extra = participants - callerIds.length;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, username, password_hash)
     SELECT 'lb-' || $1 || '-' || i || '@bench.example.org', 'lb-' || $1 || '-' || i, 'x'
       FROM generate_series(1, $2::int) i
     RETURNING id`,
    [stamp, extra],
  );
  const owners = [...callerIds, ...rows.map((r) => r.id)];
  await pool.query(
    // Marked notified: the platform would otherwise spend the bench mailing 100k "submission finished" notices.
    `INSERT INTO submissions
       (competition_id, phase_id, owner_id, status, file_key, file_size, scores, created_at, finished_at, notified_at)
     SELECT $1, $2, ($3::uuid[])[1 + (i % array_length($3::uuid[], 1))], 'finished', 'bench/none.zip', 0,
            jsonb_build_object('accuracy', round(random()::numeric, 4), 'f1', round(random()::numeric, 4),
                               'logloss', round((random() * 2)::numeric, 4)),
            now() - make_interval(secs => $4::int - i), now() - make_interval(secs => $4::int - i), now()
       FROM generate_series(1, $4::int) i`,
    [competitionId, phaseId, owners, submissions],
  );
  return owners;
}
