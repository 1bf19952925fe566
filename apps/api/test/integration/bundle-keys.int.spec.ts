import { randomBytes } from 'node:crypto';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BUNDLE_KEYS, NO_EFFECT } from '@arena/bundle';
import { workerRoutes } from '@arena/worker-protocol';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArenaFixture } from '../support/arena-fixture';
import type { HttpClient } from '../support/http-client';
import { zipFolder } from '../support/zip-folder';

/**
 * Every key of both competition.yaml formats that the parser knows either changes what the platform does, seen
 * through the API by a participant (or, for organizer matters, by the organizer), or is named by the upload's
 * warning that it has no effect here. Each case sets the key to something other than its default, on a base bundle
 * (plus the context the key needs), and compares one observation with and without it. Echoes of the settings
 * themselves (organizerSettings, the export) do not count as an effect; the participant's view of the competition
 * leaves out `options` except for the three flags whose effect is how the web app draws the page.
 */

const EXAMPLE = resolve(__dirname, '../../../../examples/binary-classification');
type Doc = Record<string, any>;
type Format = 'v1' | 'v2';
type ObserverName = keyof typeof OBSERVERS;

interface KeyCase {
  /** `${format}|${scope}|${key}`, scope as BUNDLE_KEYS names it. */
  key: string;
  /** Applied to the base and to the variant. */
  context?: (d: Doc) => void;
  /** Sets the key (only in the variant). */
  set: (d: Doc) => void;
  /** How the effect shows; absent: the upload must warn that the key has no effect. */
  observe?: ObserverName;
}

interface Created {
  status: number;
  body: any;
  competitionId?: string;
  phaseId?: string;
}

let fx: ArenaFixture;
let organizer: HttpClient;
let participant: HttpClient;
let participantName: string;
let queueId: string;
let files: string;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const normalize = (v: unknown) => JSON.parse(JSON.stringify(v ?? null).replace(UUID, 'ID'));

async function upload(format: Format, doc: Doc): Promise<Created> {
  const dir = join(fx.tmp, `keys-${randomBytes(4).toString('hex')}`);
  await cp(files, dir, { recursive: true });
  if (format === 'v1') {
    // A v1 bundle holds its programs and data as zips.
    for (const part of PARTS) {
      await zipFolder(join(dir, part), join(dir, `${part}.zip`));
    }
  }
  await writeFile(join(dir, 'competition.yaml'), stringify(doc));
  const r = await organizer.upload('/api/competitions', 'bundle', await zipFolder(dir, `${dir}.zip`));
  // New uploads are drafts (organizers only): opened to participants, unless the bundle chose (v1 `published`).
  if (r.body?.visibility === 'draft') {
    await organizer.publish(r);
  }
  return { status: r.status, body: r.body, competitionId: r.body?.id, phaseId: r.body?.phases?.[0]?.id };
}

/** A participant registers, submits the example's predictions, and a worker (this test) reports scores. */
async function submit(
  c: Created,
  fields: Record<string, string> = {},
): Promise<{ status: number; id?: string; body: any }> {
  await participant.json('POST', `/api/competitions/${c.competitionId}/participation`, { acceptTerms: true });
  const r = await fx.submit(participant, c.phaseId!, fields);
  return { status: r.status, id: r.body?.id, body: r.body };
}

async function finish(submissionId: string): Promise<void> {
  const job = await fx.jobFor(submissionId);
  const scores = { accuracy: 0.75, f1: 0.5, mean: 0.625, ave: 0.6 };
  const r = await fx.anon.as(job.token).json('POST', workerRoutes.result(job.runId), {
    version: 1,
    status: 'finished',
    scores,
    exitCode: 0,
    elapsedMs: 5,
  });
  expect(r.body).toMatchObject({ stored: true });
  await fx.boardsTookIn();
}

async function finishedSubmission(c: Created, fields: Record<string, string> = {}): Promise<string> {
  const s = await submit(c, fields);
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  await finish(s.id!);
  return s.id!;
}

const OBSERVERS = {
  status: async (c: Created) => (c.status === 201 ? 'created' : `refused ${c.status}`),
  /** Whether someone without an account or the secret link reads the competition (its visibility). */
  anonymousView: async (c: Created) => (await fx.anon.json('GET', `/api/competitions/${c.competitionId}`)).status,
  /** The competition as a participant reads it, less the options echo. */
  view: async (c: Created) => {
    const {
      options: _o,
      isOrganizer: _i,
      createdAt: _c,
      ...rest
    } = (await participant.json('GET', `/api/competitions/${c.competitionId}`)).body;
    return normalize(rest);
  },
  /** The display flags the web app draws the competition page by (CodaLab: templates). */
  display: async (c: Created) => (await participant.json('GET', `/api/competitions/${c.competitionId}`)).body.options,
  /** The job a worker receives for a participant's submission, or that none comes (held). */
  run: async (c: Created) => {
    const s = await submit(c);
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    const job = await fx.jobFor(s.id!, 3000).catch(() => null);
    if (!job) {
      return 'no job published';
    }
    const {
      runId: _r,
      submissionId: _s,
      competitionId: _c,
      phaseId: _p,
      taskId: _t,
      token: _k,
      createdAt: _a,
      ...rest
    } = job;
    return { ...rest, files: [...rest.files].sort() };
  },
  /** The first board a participant reads after one finished submission. */
  board: async (c: Created) => {
    await finishedSubmission(c);
    const body = (await participant.json('GET', `/api/phases/${c.phaseId}/leaderboard`)).body;
    return normalize(body.leaderboards?.[0] ?? body);
  },
  files: async (c: Created) => {
    await participant.json('POST', `/api/competitions/${c.competitionId}/participation`, { acceptTerms: true });
    return normalize((await participant.json('GET', `/api/phases/${c.phaseId}/files`)).body);
  },
  organizerFiles: async (c: Created) =>
    normalize((await organizer.json('GET', `/api/phases/${c.phaseId}/files`)).body.files),
  anonymousFiles: async (c: Created) => (await fx.anon.json('GET', `/api/phases/${c.phaseId}/files`)).status,
  registration: async (c: Created) =>
    (await participant.json('POST', `/api/competitions/${c.competitionId}/participation`, { acceptTerms: true })).body
      .status,
  teams: async (c: Created) => {
    await participant.json('POST', `/api/competitions/${c.competitionId}/participation`, { acceptTerms: true });
    const r = await participant.json('POST', `/api/competitions/${c.competitionId}/teams`, {
      name: `T ${randomBytes(3).toString('hex')}`,
    });
    return { status: r.status, team: r.body?.status ?? null };
  },
  picks: async (c: Created) =>
    (await participant.json('POST', `/api/submissions/${await finishedSubmission(c)}/leaderboard`)).status,
  submit: async (c: Created) => (await submit(c)).status,
  metadata: async (c: Created) => (await submit(c, { methodName: 'GBM' })).status,
  factSheetAnswer: async (c: Created) => (await submit(c, { factSheet: JSON.stringify({ method: 'gbm' }) })).status,
  publicize: async (c: Created) => {
    const s = await submit(c);
    return (await participant.json('PATCH', `/api/submissions/${s.id}/visibility`, { isPublic: true })).status;
  },
  detailed: async (c: Created) =>
    (await participant.raw(`/api/submissions/${await finishedSubmission(c)}/detailed-results`)).status,
  collaborators: async (c: Created) =>
    (await organizer.json('GET', `/api/competitions/${c.competitionId}/collaborators`)).body.map(
      (x: { username: string }) => x.username,
    ),
  quota: async (c: Created) =>
    (await organizer.json('GET', `/api/competitions/${c.competitionId}/storage`)).body.quotaBytes,
  /** Where the competition's jobs go: the organizer queue it is bound to (not the setting's echo). */
  queue: async (c: Created) =>
    (await organizer.json('GET', `/api/competitions/${c.competitionId}`)).body.organizerSettings.queueId !== null,
};

const PARTS = [
  'scoring_program',
  'scoring_program_b',
  'reference_data',
  'reference_data_b',
  'ingestion_program',
  'input_data',
  'starting_kit',
  'public_data',
  'solution',
  'solution_b',
];

async function writeFiles(dir: string): Promise<void> {
  await mkdir(join(dir, 'pages'), { recursive: true });
  await cp(join(EXAMPLE, 'bundle', 'logo.png'), join(dir, 'logo.png'));
  await cp(join(EXAMPLE, 'bundle', 'scoring_program'), join(dir, 'scoring_program'), { recursive: true });
  await cp(join(EXAMPLE, 'bundle', 'scoring_program'), join(dir, 'scoring_program_b'), { recursive: true });
  await writeFile(join(dir, 'scoring_program_b', 'NOTE'), 'another version\n');
  await cp(join(EXAMPLE, 'bundle', 'reference_data'), join(dir, 'reference_data'), { recursive: true });
  const folder = async (name: string, content: Record<string, string>) => {
    await mkdir(join(dir, name), { recursive: true });
    for (const [f, t] of Object.entries(content)) {
      await writeFile(join(dir, name, f), t);
    }
  };
  await folder('reference_data_b', { 'truth.csv': 'id,label\n1,0\n' });
  await folder('ingestion_program', {
    'metadata.yaml': 'command: python3 /app/program/ingest.py\n',
    'ingest.py': 'print(1)\n',
  });
  await folder('input_data', { 'x.csv': 'x\n1\n' });
  await folder('starting_kit', { 'README.md': 'Start here\n' });
  await folder('public_data', { 'train.csv': 'x,y\n1,0\n' });
  await folder('solution', { 'predictions.csv': 'id,label\n1,1\n' });
  await folder('solution_b', { 'predictions.csv': 'id,label\n1,0\n' });
  for (const p of ['overview', 'terms', 'data']) {
    await writeFile(join(dir, 'pages', `${p}.md`), `# ${p}\n`);
    await writeFile(join(dir, `${p}.html`), `<p>${p}</p>`);
  }
  await writeFile(join(dir, 'evaluation.html'), '<p>evaluation</p>');
}

function v2Base(): Doc {
  return {
    version: 2,
    title: 'Keys',
    description: 'Every key',
    image: 'logo.png',
    terms: 'pages/terms.md',
    pages: [{ title: 'Overview', file: 'pages/overview.md' }],
    docker_image: 'codalab/codalab-legacy:py37',
    registration_auto_approve: true,
    tasks: [
      {
        index: 0,
        name: 'Labels',
        description: 'Score labels',
        scoring_program: 'scoring_program',
        reference_data: 'reference_data',
      },
    ],
    phases: [{ index: 0, name: 'Development', description: 'Dev', start: '2025-01-01', tasks: [0] }],
    leaderboards: [
      {
        title: 'Results',
        key: 'main',
        submission_rule: 'Force_Last',
        columns: [
          { title: 'Accuracy', key: 'accuracy', index: 0 },
          { title: 'F1', key: 'f1', index: 1 },
        ],
      },
    ],
  };
}

function v1Base(): Doc {
  const results = { label: 'Results', rank: 1 };
  return {
    version: 1.5,
    title: 'Keys v1',
    description: 'Every key',
    image: 'logo.png',
    has_registration: false,
    html: { overview: 'overview.html', evaluation: 'evaluation.html', terms: 'terms.html', data: 'data.html' },
    phases: {
      1: {
        phasenumber: 1,
        label: 'Development',
        description: 'Dev',
        start_date: '2025-01-01',
        scoring_program: 'scoring_program.zip',
        reference_data: 'reference_data.zip',
      },
    },
    leaderboard: {
      leaderboards: { Results: results },
      columns: {
        accuracy: { leaderboard: results, label: 'Accuracy', rank: 1 },
        f1: { leaderboard: results, label: 'F1', rank: 2 },
      },
    },
  };
}

// Helpers the cases use to reach into a document.
const phase0 = (d: Doc) => d.phases[0];
const v1Phase = (d: Doc, n = 1) => d.phases[n];
const board0 = (d: Doc) => d.leaderboards[0];
const twoV2Phases = (d: Doc) => {
  d.phases[0].end = '2025-06-01';
  d.phases.push({ index: 1, name: 'Final', description: 'Final', start: '2025-06-02', tasks: [0] });
};
const twoV1Phases = (d: Doc) => {
  d.phases[2] = {
    phasenumber: 2,
    label: 'Final',
    start_date: '2025-06-01',
    scoring_program: 'scoring_program.zip',
    reference_data: 'reference_data.zip',
  };
};
const solutionV2 = (d: Doc) => {
  d.solutions = [{ index: 0, tasks: [0], path: 'solution', name: 'Baseline', description: 'The baseline' }];
};
const secondTask = (d: Doc) => {
  d.tasks.push({ index: 1, name: 'Other', scoring_program: 'scoring_program', reference_data: 'reference_data' });
};
const factSheet = (d: Doc) => {
  d.fact_sheet = {
    method: {
      key: 'method',
      type: 'text',
      title: 'Method',
      selection: [],
      is_required: false,
      is_on_leaderboard: true,
    },
  };
};
const twoV2Boards = (d: Doc) => {
  d.leaderboards.push({ title: 'Second', key: 'second', index: 1, columns: [{ title: 'F1', key: 'f1', index: 0 }] });
  d.leaderboards[0].index = 0;
};
const v1Columns = (d: Doc) => d.leaderboard.columns;
const v1Board = (d: Doc) => d.leaderboard.leaderboards.Results;
const secondV1Board = (d: Doc) => {
  d.leaderboard.leaderboards.Second = { label: 'Second', rank: 2 };
};
const v1Ave = (d: Doc) => {
  v1Columns(d).ave = {
    leaderboard: v1Board(d),
    label: 'Average rank',
    rank: 3,
    computed: { operation: 'Avg', fields: 'accuracy, f1' },
  };
};
const v2Mean = (d: Doc, extra: Doc = {}) => {
  board0(d).columns.push({ title: 'Mean', key: 'mean', index: 2, ...extra });
};

const CASES: KeyCase[] = [
  // Codabench v2: the competition.
  { key: 'v2||version', set: (d) => delete d.version, observe: 'status' },
  { key: 'v2||title', set: (d) => (d.title = 'Other title'), observe: 'view' },
  { key: 'v2||description', set: (d) => (d.description = 'Other description'), observe: 'view' },
  { key: 'v2||image', set: (d) => delete d.image, observe: 'view' },
  { key: 'v2||terms', set: (d) => delete d.terms, observe: 'view' },
  { key: 'v2||pages', set: (d) => d.pages.push({ title: 'Data', file: 'pages/data.md' }), observe: 'view' },
  { key: 'v2||docker_image', set: (d) => (d.docker_image = 'lab/image:2'), observe: 'run' },
  { key: 'v2||queue', set: (d) => (d.queue = queueId), observe: 'queue' },
  { key: 'v2||registration_auto_approve', set: (d) => (d.registration_auto_approve = false), observe: 'registration' },
  { key: 'v2||enable_detailed_results', set: (d) => (d.enable_detailed_results = true), observe: 'board' },
  {
    key: 'v2||show_detailed_results_in_submission_panel',
    context: (d) => Object.assign(d, { enable_detailed_results: true, show_detailed_results_in_leaderboard: false }),
    set: (d) => (d.show_detailed_results_in_submission_panel = false),
    observe: 'detailed',
  },
  {
    key: 'v2||show_detailed_results_in_leaderboard',
    context: (d) => (d.enable_detailed_results = true),
    set: (d) => (d.show_detailed_results_in_leaderboard = false),
    observe: 'board',
  },
  { key: 'v2||auto_run_submissions', set: (d) => (d.auto_run_submissions = false), observe: 'run' },
  {
    key: 'v2||can_participants_make_submissions_public',
    set: (d) => (d.can_participants_make_submissions_public = false),
    observe: 'publicize',
  },
  { key: 'v2||make_programs_available', set: (d) => (d.make_programs_available = true), observe: 'files' },
  {
    key: 'v2||make_input_data_available',
    context: (d) => (d.tasks[0].input_data = 'input_data'),
    set: (d) => (d.make_input_data_available = true),
    observe: 'files',
  },
  { key: 'v2||competition_type', set: (d) => (d.competition_type = 'benchmark'), observe: 'view' },
  {
    key: 'v2||fact_sheet',
    set: (d) =>
      (d.fact_sheet = {
        method: {
          key: 'method',
          type: 'text',
          title: 'Method',
          selection: [],
          is_required: true,
          is_on_leaderboard: false,
        },
      }),
    observe: 'submit',
  },
  { key: 'v2||reward', set: (d) => (d.reward = '1000 EUR'), observe: 'view' },
  { key: 'v2||contact_email', set: (d) => (d.contact_email = 'org@example.org'), observe: 'view' },
  { key: 'v2||forum_enabled', set: (d) => (d.forum_enabled = true) },
  { key: 'v2||files_public', set: (d) => (d.files_public = true), observe: 'anonymousFiles' },
  { key: 'v2||anonymous_leaderboard', set: (d) => (d.anonymous_leaderboard = true), observe: 'board' },
  { key: 'v2||tasks', set: (d) => (d.tasks[0].name = 'Renamed'), observe: 'view' },
  { key: 'v2||solutions', set: solutionV2, observe: 'organizerFiles' },
  { key: 'v2||phases', set: twoV2Phases, observe: 'view' },
  { key: 'v2||leaderboards', set: twoV2Boards, observe: 'view' },
  { key: 'v2||enable_teams', set: (d) => (d.enable_teams = false), observe: 'teams' },
  { key: 'v2||require_team_approval', set: (d) => (d.require_team_approval = true), observe: 'teams' },
  {
    key: 'v2||enable_per_submission_metadata',
    set: (d) => (d.enable_per_submission_metadata = true),
    observe: 'metadata',
  },
  {
    key: 'v2||show_submission_metadata_on_leaderboard',
    context: (d) => (d.enable_per_submission_metadata = true),
    set: (d) => (d.show_submission_metadata_on_leaderboard = true),
    observe: 'board',
  },
  {
    key: 'v2||disallow_leaderboard_modifying',
    context: (d) => (board0(d).submission_rule = 'Add'),
    set: (d) => (d.disallow_leaderboard_modifying = true),
    observe: 'picks',
  },
  { key: 'v2||hide_top_three', set: (d) => (d.hide_top_three = true), observe: 'display' },
  { key: 'v2||hide_chart', set: (d) => (d.hide_chart = true), observe: 'display' },
  { key: 'v2||url_redirect', set: (d) => (d.url_redirect = 'https://example.org/elsewhere'), observe: 'display' },
  // v2 pages.
  { key: 'v2|pages[]|title', set: (d) => (d.pages[0].title = 'Welcome'), observe: 'view' },
  { key: 'v2|pages[]|file', set: (d) => (d.pages[0].file = 'pages/data.md'), observe: 'view' },
  // v2 tasks.
  { key: 'v2|tasks[]|index', set: (d) => (d.tasks[0].index = 5), observe: 'status' },
  { key: 'v2|tasks[]|key', set: (d) => (d.tasks[0].key = '7c9e6679-7425-40de-944b-e07fc1f90ae7'), observe: 'status' },
  { key: 'v2|tasks[]|name', set: (d) => (d.tasks[0].name = 'Renamed'), observe: 'view' },
  { key: 'v2|tasks[]|description', set: (d) => (d.tasks[0].description = 'Described'), observe: 'view' },
  {
    key: 'v2|tasks[]|scoring_program',
    context: (d) => (d.make_programs_available = true),
    set: (d) => (d.tasks[0].scoring_program = 'scoring_program_b'),
    observe: 'files',
  },
  {
    key: 'v2|tasks[]|ingestion_program',
    set: (d) => (d.tasks[0].ingestion_program = 'ingestion_program'),
    observe: 'run',
  },
  { key: 'v2|tasks[]|input_data', set: (d) => (d.tasks[0].input_data = 'input_data'), observe: 'run' },
  { key: 'v2|tasks[]|reference_data', set: (d) => delete d.tasks[0].reference_data, observe: 'run' },
  {
    key: 'v2|tasks[]|ingestion_only_during_scoring',
    context: (d) => (d.tasks[0].ingestion_program = 'ingestion_program'),
    set: (d) => (d.tasks[0].ingestion_only_during_scoring = true),
    observe: 'run',
  },
  { key: 'v2|tasks[]|is_public', set: (d) => (d.tasks[0].is_public = true) },
  // v2 solutions.
  {
    key: 'v2|solutions[]|index',
    context: solutionV2,
    set: (d) => (d.solutions[0].index = 3),
    observe: 'organizerFiles',
  },
  {
    key: 'v2|solutions[]|tasks',
    context: (d) => {
      solutionV2(d);
      secondTask(d);
    },
    set: (d) => (d.solutions[0].tasks = [1]),
    observe: 'organizerFiles',
  },
  {
    key: 'v2|solutions[]|path',
    context: solutionV2,
    set: (d) => (d.solutions[0].path = 'solution_b'),
    observe: 'organizerFiles',
  },
  {
    key: 'v2|solutions[]|key',
    context: solutionV2,
    set: (d) => {
      delete d.solutions[0].path;
      d.solutions[0].key = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    },
    observe: 'status',
  },
  {
    key: 'v2|solutions[]|name',
    context: solutionV2,
    set: (d) => (d.solutions[0].name = 'Stronger'),
    observe: 'organizerFiles',
  },
  {
    key: 'v2|solutions[]|description',
    context: solutionV2,
    set: (d) => (d.solutions[0].description = 'Better'),
    observe: 'organizerFiles',
  },
  // v2 phases.
  {
    key: 'v2|phases[]|index',
    context: twoV2Phases,
    set: (d) => {
      d.phases[0].index = 1;
      d.phases[1].index = 0;
    },
    observe: 'status',
  },
  { key: 'v2|phases[]|name', set: (d) => (phase0(d).name = 'Feedback'), observe: 'view' },
  { key: 'v2|phases[]|description', set: (d) => (phase0(d).description = 'Feedback phase'), observe: 'view' },
  { key: 'v2|phases[]|start', set: (d) => (phase0(d).start = '2025-02-01'), observe: 'view' },
  { key: 'v2|phases[]|end', set: (d) => (phase0(d).end = '2030-01-01'), observe: 'view' },
  { key: 'v2|phases[]|tasks', context: secondTask, set: (d) => (phase0(d).tasks = [0, 1]), observe: 'view' },
  { key: 'v2|phases[]|max_submissions_per_day', set: (d) => (phase0(d).max_submissions_per_day = 3), observe: 'view' },
  { key: 'v2|phases[]|max_submissions', set: (d) => (phase0(d).max_submissions = 7), observe: 'view' },
  {
    key: 'v2|phases[]|auto_migrate_to_this_phase',
    context: twoV2Phases,
    set: (d) => (d.phases[1].auto_migrate_to_this_phase = true),
    observe: 'view',
  },
  { key: 'v2|phases[]|execution_time_limit', set: (d) => (phase0(d).execution_time_limit = 60), observe: 'run' },
  { key: 'v2|phases[]|hide_output', set: (d) => (phase0(d).hide_output = true), observe: 'view' },
  { key: 'v2|phases[]|hide_prediction_output', set: (d) => (phase0(d).hide_prediction_output = true), observe: 'view' },
  { key: 'v2|phases[]|hide_score_output', set: (d) => (phase0(d).hide_score_output = true), observe: 'view' },
  { key: 'v2|phases[]|starting_kit', set: (d) => (phase0(d).starting_kit = 'starting_kit'), observe: 'files' },
  { key: 'v2|phases[]|public_data', set: (d) => (phase0(d).public_data = 'public_data'), observe: 'files' },
  { key: 'v2|phases[]|requires_gpu', set: (d) => (phase0(d).requires_gpu = true), observe: 'run' },
  { key: 'v2|phases[]|color', set: (d) => (phase0(d).color = 'green'), observe: 'view' },
  { key: 'v2|phases[]|max_submission_size', set: (d) => (phase0(d).max_submission_size = 3), observe: 'view' },
  {
    key: 'v2|phases[]|solutions',
    context: solutionV2,
    set: (d) => (phase0(d).solutions = []),
    observe: 'organizerFiles',
  },
  {
    key: 'v2|phases[]|accepts_only_result_submissions',
    set: (d) => (phase0(d).accepts_only_result_submissions = true),
    observe: 'run',
  },
  {
    key: 'v2|phases[]|max_submissions_per_person',
    set: (d) => (phase0(d).max_submissions_per_person = 9),
    observe: 'view',
  },
  // v2 leaderboards.
  { key: 'v2|leaderboards[]|title', set: (d) => (board0(d).title = 'Scores'), observe: 'view' },
  { key: 'v2|leaderboards[]|key', set: (d) => (board0(d).key = 'scores'), observe: 'view' },
  { key: 'v2|leaderboards[]|columns', set: (d) => board0(d).columns.pop(), observe: 'view' },
  {
    key: 'v2|leaderboards[]|submission_rule',
    set: (d) => (board0(d).submission_rule = 'Force_Best'),
    observe: 'board',
  },
  { key: 'v2|leaderboards[]|hidden', set: (d) => (board0(d).hidden = true), observe: 'view' },
  { key: 'v2|leaderboards[]|primary_index', set: (d) => (board0(d).primary_index = 1), observe: 'board' },
  {
    key: 'v2|leaderboards[]|index',
    context: twoV2Boards,
    set: (d) => {
      d.leaderboards[0].index = 1;
      d.leaderboards[1].index = 0;
    },
    observe: 'view',
  },
  // v2 columns.
  { key: 'v2|leaderboards[].columns[]|title', set: (d) => (board0(d).columns[0].title = 'Acc.'), observe: 'view' },
  { key: 'v2|leaderboards[].columns[]|key', set: (d) => (board0(d).columns[0].key = 'acc'), observe: 'view' },
  {
    key: 'v2|leaderboards[].columns[]|index',
    set: (d) => {
      board0(d).columns[0].index = 1;
      board0(d).columns[1].index = 0;
    },
    observe: 'view',
  },
  { key: 'v2|leaderboards[].columns[]|sorting', set: (d) => (board0(d).columns[0].sorting = 'asc'), observe: 'view' },
  {
    key: 'v2|leaderboards[].columns[]|computation',
    context: (d) => v2Mean(d),
    set: (d) => Object.assign(board0(d).columns[2], { computation: 'avg', computation_indexes: [0, 1] }),
    observe: 'view',
  },
  {
    key: 'v2|leaderboards[].columns[]|computation_indexes',
    context: (d) => v2Mean(d, { computation: 'avg', computation_indexes: [0, 1] }),
    set: (d) => (board0(d).columns[2].computation_indexes = [0]),
    observe: 'view',
  },
  {
    key: 'v2|leaderboards[].columns[]|computation_weights',
    context: (d) =>
      v2Mean(d, { computation: 'weighted_rank', computation_indexes: [0, 1], computation_weights: [1, 1] }),
    set: (d) => (board0(d).columns[2].computation_weights = [2, 1]),
    observe: 'view',
  },
  { key: 'v2|leaderboards[].columns[]|precision', set: (d) => (board0(d).columns[0].precision = 4), observe: 'view' },
  { key: 'v2|leaderboards[].columns[]|hidden', set: (d) => (board0(d).columns[1].hidden = true), observe: 'view' },
  { key: 'v2|leaderboards[].columns[]|group', set: (d) => (board0(d).columns[0].group = 'Scores'), observe: 'view' },
  // v2 fact sheet.
  {
    key: 'v2|fact_sheet.*|key',
    context: factSheet,
    set: (d) => (d.fact_sheet.method.key = 'other'),
    observe: 'status',
  },
  {
    key: 'v2|fact_sheet.*|type',
    context: factSheet,
    set: (d) => (d.fact_sheet.method.type = 'checkbox'),
    observe: 'factSheetAnswer',
  },
  {
    key: 'v2|fact_sheet.*|title',
    context: factSheet,
    set: (d) => (d.fact_sheet.method.title = 'Method used'),
    observe: 'board',
  },
  {
    key: 'v2|fact_sheet.*|selection',
    context: (d) => {
      factSheet(d);
      Object.assign(d.fact_sheet.method, { type: 'select', selection: ['gbm', 'nn'] });
    },
    set: (d) => (d.fact_sheet.method.selection = ['nn']),
    observe: 'factSheetAnswer',
  },
  {
    key: 'v2|fact_sheet.*|is_required',
    context: factSheet,
    set: (d) => (d.fact_sheet.method.is_required = true),
    observe: 'submit',
  },
  {
    key: 'v2|fact_sheet.*|is_on_leaderboard',
    context: factSheet,
    set: (d) => (d.fact_sheet.method.is_on_leaderboard = false),
    observe: 'board',
  },

  // CodaLab v1: the competition.
  { key: 'v1||version', set: (d) => (d.version = 2), observe: 'status' },
  { key: 'v1||title', set: (d) => (d.title = 'Other title'), observe: 'view' },
  { key: 'v1||description', set: (d) => (d.description = 'Other'), observe: 'view' },
  { key: 'v1||image', set: (d) => delete d.image, observe: 'view' },
  { key: 'v1||has_registration', set: (d) => (d.has_registration = true), observe: 'registration' },
  { key: 'v1||start_date', set: (d) => (d.start_date = '2024-06-01'), observe: 'view' },
  { key: 'v1||end_date', set: (d) => (d.end_date = '2030-01-01'), observe: 'view' },
  { key: 'v1||competition_docker_image', set: (d) => (d.competition_docker_image = 'lab/image:2'), observe: 'run' },
  {
    key: 'v1||force_submission_to_leaderboard',
    set: (d) => (d.force_submission_to_leaderboard = true),
    observe: 'board',
  },
  {
    key: 'v1||disallow_leaderboard_modifying',
    set: (d) => (d.disallow_leaderboard_modifying = true),
    observe: 'picks',
  },
  { key: 'v1||enable_detailed_results', set: (d) => (d.enable_detailed_results = true), observe: 'board' },
  { key: 'v1||enable_medical_image_viewer', set: (d) => (d.enable_medical_image_viewer = true) },
  {
    key: 'v1||show_datasets_from_yaml',
    context: (d) =>
      (v1Phase(d).datasets = { 1: { name: 'Extra', url: 'https://example.org/extra.zip', description: 'More' } }),
    set: (d) => (d.show_datasets_from_yaml = false),
    observe: 'files',
  },
  { key: 'v1||reward', set: (d) => (d.reward = 500), observe: 'view' },
  { key: 'v1||allow_teams', set: (d) => (d.allow_teams = true) },
  { key: 'v1||enable_teams', set: (d) => (d.enable_teams = true), observe: 'teams' },
  {
    key: 'v1||require_team_approval',
    context: (d) => (d.enable_teams = true),
    set: (d) => (d.require_team_approval = false),
    observe: 'teams',
  },
  { key: 'v1||allow_organizer_teams', set: (d) => (d.allow_organizer_teams = true) },
  {
    key: 'v1||enable_per_submission_metadata',
    set: (d) => (d.enable_per_submission_metadata = true),
    observe: 'metadata',
  },
  { key: 'v1||allow_public_submissions', set: (d) => (d.allow_public_submissions = true), observe: 'publicize' },
  { key: 'v1||enable_forum', set: (d) => (d.enable_forum = true) },
  {
    key: 'v1||anonymous_leaderboard',
    // CodaLab's default keeps submissions off the board until their submitter puts them there.
    context: (d) => (d.force_submission_to_leaderboard = true),
    set: (d) => (d.anonymous_leaderboard = true),
    observe: 'board',
  },
  { key: 'v1||hide_top_three', set: (d) => (d.hide_top_three = true), observe: 'display' },
  { key: 'v1||hide_chart', set: (d) => (d.hide_chart = true), observe: 'display' },
  { key: 'v1||upper_bound_max_submission_size', set: (d) => (d.upper_bound_max_submission_size = 3), observe: 'view' },
  { key: 'v1||url_redirect', set: (d) => (d.url_redirect = 'https://example.org/elsewhere'), observe: 'display' },
  // Unpublished: unlisted, reached by its secret link only (CodaLab's secret_key); published: true would be public.
  { key: 'v1||published', set: (d) => (d.published = false), observe: 'anonymousView' },
  { key: 'v1||admin_names', set: (d) => (d.admin_names = participantName), observe: 'collaborators' },
  { key: 'v1||html', set: (d) => (d.html.more = 'data.html'), observe: 'view' },
  { key: 'v1||phases', set: twoV1Phases, observe: 'view' },
  { key: 'v1||leaderboard', set: (d) => delete d.leaderboard, observe: 'view' },
  { key: 'v1||queue', set: (d) => (d.queue = queueId), observe: 'queue' },
  {
    key: 'v1||show_detailed_results_in_submission_panel',
    context: (d) => Object.assign(d, { enable_detailed_results: true, show_detailed_results_in_leaderboard: false }),
    set: (d) => (d.show_detailed_results_in_submission_panel = false),
    observe: 'detailed',
  },
  {
    key: 'v1||show_detailed_results_in_leaderboard',
    context: (d) => (d.enable_detailed_results = true),
    set: (d) => (d.show_detailed_results_in_leaderboard = false),
    observe: 'board',
  },
  { key: 'v1||auto_run_submissions', set: (d) => (d.auto_run_submissions = false), observe: 'run' },
  { key: 'v1||make_programs_available', set: (d) => (d.make_programs_available = true), observe: 'files' },
  {
    key: 'v1||make_input_data_available',
    context: (d) => (v1Phase(d).input_data = 'input_data.zip'),
    set: (d) => (d.make_input_data_available = true),
    observe: 'files',
  },
  {
    key: 'v1||show_submission_metadata_on_leaderboard',
    context: (d) => Object.assign(d, { enable_per_submission_metadata: true, force_submission_to_leaderboard: true }),
    set: (d) => (d.show_submission_metadata_on_leaderboard = true),
    observe: 'board',
  },
  // v1 phases.
  {
    key: 'v1|phases.*|phasenumber',
    context: twoV1Phases,
    set: (d) => {
      v1Phase(d, 1).phasenumber = 2;
      v1Phase(d, 2).phasenumber = 1;
    },
    observe: 'status',
  },
  { key: 'v1|phases.*|label', set: (d) => (v1Phase(d).label = 'Feedback'), observe: 'view' },
  { key: 'v1|phases.*|description', set: (d) => (v1Phase(d).description = 'Feedback phase'), observe: 'view' },
  { key: 'v1|phases.*|start_date', set: (d) => (v1Phase(d).start_date = '2025-02-01'), observe: 'view' },
  { key: 'v1|phases.*|max_submissions', set: (d) => (v1Phase(d).max_submissions = 7), observe: 'view' },
  { key: 'v1|phases.*|max_submissions_per_day', set: (d) => (v1Phase(d).max_submissions_per_day = 3), observe: 'view' },
  { key: 'v1|phases.*|is_scoring_only', set: (d) => (v1Phase(d).is_scoring_only = false), observe: 'run' },
  {
    key: 'v1|phases.*|scoring_program',
    context: (d) => (d.make_programs_available = true),
    set: (d) => (v1Phase(d).scoring_program = 'scoring_program_b.zip'),
    observe: 'files',
  },
  { key: 'v1|phases.*|reference_data', set: (d) => delete v1Phase(d).reference_data, observe: 'run' },
  {
    key: 'v1|phases.*|input_data',
    context: (d) => (v1Phase(d).is_scoring_only = false),
    set: (d) => (v1Phase(d).input_data = 'input_data.zip'),
    observe: 'run',
  },
  {
    key: 'v1|phases.*|ingestion_program',
    context: (d) => (v1Phase(d).is_scoring_only = false),
    set: (d) => (v1Phase(d).ingestion_program = 'ingestion_program.zip'),
    observe: 'run',
  },
  { key: 'v1|phases.*|starting_kit', set: (d) => (v1Phase(d).starting_kit = 'starting_kit.zip'), observe: 'files' },
  { key: 'v1|phases.*|public_data', set: (d) => (v1Phase(d).public_data = 'public_data.zip'), observe: 'files' },
  {
    key: 'v1|phases.*|datasets',
    set: (d) =>
      (v1Phase(d).datasets = { 1: { name: 'Extra', url: 'https://example.org/extra.zip', description: 'More' } }),
    observe: 'files',
  },
  {
    key: 'v1|phases.*|leaderboard_management_mode',
    set: (d) => (v1Phase(d).leaderboard_management_mode = 'hide_results'),
    observe: 'view',
  },
  {
    key: 'v1|phases.*|force_best_submission_to_leaderboard',
    set: (d) => (v1Phase(d).force_best_submission_to_leaderboard = true),
    observe: 'board',
  },
  {
    key: 'v1|phases.*|auto_migration',
    context: twoV1Phases,
    set: (d) => (v1Phase(d, 2).auto_migration = true),
    observe: 'view',
  },
  { key: 'v1|phases.*|execution_time_limit', set: (d) => (v1Phase(d).execution_time_limit = 60), observe: 'run' },
  { key: 'v1|phases.*|color', set: (d) => (v1Phase(d).color = 'orange'), observe: 'view' },
  { key: 'v1|phases.*|max_submission_size', set: (d) => (v1Phase(d).max_submission_size = 3), observe: 'view' },
  {
    key: 'v1|phases.*|participant_max_storage_use',
    set: (d) => (v1Phase(d).participant_max_storage_use = 5),
    observe: 'quota',
  },
  {
    key: 'v1|phases.*|delete_submissions_except_best_and_last',
    set: (d) => (v1Phase(d).delete_submissions_except_best_and_last = true),
  },
  {
    key: 'v1|phases.*|phase_never_ends',
    context: (d) => (d.end_date = '2030-01-01'),
    set: (d) => (v1Phase(d).phase_never_ends = true),
    observe: 'view',
  },
  {
    key: 'v1|phases.*|scoring_program_docker_image',
    set: (d) => (v1Phase(d).scoring_program_docker_image = 'lab/scorer:1'),
  },
  { key: 'v1|phases.*|default_docker_image', set: (d) => (v1Phase(d).default_docker_image = 'lab/code:1') },
  {
    key: 'v1|phases.*|ingestion_program_docker_image',
    set: (d) => (v1Phase(d).ingestion_program_docker_image = 'lab/ingest:1'),
  },
  { key: 'v1|phases.*|disable_custom_docker_image', set: (d) => (v1Phase(d).disable_custom_docker_image = false) },
  {
    key: 'v1|phases.*|is_parallel_parent',
    context: (d) => {
      d.phases[2] = {
        phasenumber: 2,
        label: 'Set A',
        start_date: '2025-01-01',
        parent_phasenumber: 1,
        scoring_program: 'scoring_program.zip',
        reference_data: 'reference_data.zip',
      };
    },
    set: (d) => (v1Phase(d).is_parallel_parent = true),
    observe: 'status',
  },
  {
    key: 'v1|phases.*|parent_phasenumber',
    context: (d) => {
      v1Phase(d).is_parallel_parent = true;
      d.phases[2] = {
        phasenumber: 2,
        label: 'Set A',
        start_date: '2025-01-01',
        parent_phasenumber: 1,
        scoring_program: 'scoring_program.zip',
        reference_data: 'reference_data.zip',
      };
      d.phases[3] = {
        phasenumber: 3,
        label: 'Set B',
        start_date: '2025-06-01',
        scoring_program: 'scoring_program.zip',
        reference_data: 'reference_data.zip',
      };
    },
    set: (d) => Object.assign(v1Phase(d, 3), { parent_phasenumber: 1, start_date: '2025-01-01' }),
    observe: 'view',
  },
  { key: 'v1|phases.*|hidden_columns', set: (d) => (v1Phase(d).hidden_columns = 'f1'), observe: 'view' },
  {
    key: 'v1|phases.*|ingestion_program_only_during_scoring',
    context: (d) => Object.assign(v1Phase(d), { is_scoring_only: false, ingestion_program: 'ingestion_program.zip' }),
    set: (d) => (v1Phase(d).ingestion_program_only_during_scoring = true),
    observe: 'run',
  },
  { key: 'v1|phases.*|hide_output', set: (d) => (v1Phase(d).hide_output = true), observe: 'view' },
  {
    key: 'v1|phases.*|hide_prediction_output',
    set: (d) => (v1Phase(d).hide_prediction_output = true),
    observe: 'view',
  },
  { key: 'v1|phases.*|hide_score_output', set: (d) => (v1Phase(d).hide_score_output = true), observe: 'view' },
  // v1 leaderboard.
  { key: 'v1|leaderboard|leaderboards', set: secondV1Board, observe: 'view' },
  {
    key: 'v1|leaderboard|column_groups',
    context: (d) => (v1Columns(d).accuracy.column_group = { label: 'Scores' }),
    set: (d) => (d.leaderboard.column_groups = { Scores: v1Columns(d).accuracy.column_group }),
    observe: 'status',
  },
  { key: 'v1|leaderboard|columns', set: (d) => delete v1Columns(d).f1, observe: 'view' },
  { key: 'v1|leaderboard.leaderboards.*|label', set: (d) => (v1Board(d).label = 'Scores'), observe: 'view' },
  {
    key: 'v1|leaderboard.leaderboards.*|rank',
    context: (d) => {
      secondV1Board(d);
      v1Columns(d).f1.leaderboard = d.leaderboard.leaderboards.Second;
    },
    set: (d) => {
      v1Board(d).rank = 2;
      d.leaderboard.leaderboards.Second.rank = 1;
    },
    observe: 'view',
  },
  {
    key: 'v1|leaderboard.columns.*|leaderboard',
    context: secondV1Board,
    set: (d) => (v1Columns(d).f1.leaderboard = d.leaderboard.leaderboards.Second),
    observe: 'view',
  },
  { key: 'v1|leaderboard.columns.*|label', set: (d) => (v1Columns(d).accuracy.label = 'Acc.'), observe: 'view' },
  {
    key: 'v1|leaderboard.columns.*|rank',
    set: (d) => {
      v1Columns(d).accuracy.rank = 2;
      v1Columns(d).f1.rank = 1;
    },
    observe: 'view',
  },
  { key: 'v1|leaderboard.columns.*|sort', set: (d) => (v1Columns(d).accuracy.sort = 'asc'), observe: 'view' },
  {
    key: 'v1|leaderboard.columns.*|numeric_format',
    set: (d) => (v1Columns(d).accuracy.numeric_format = 4),
    observe: 'view',
  },
  {
    key: 'v1|leaderboard.columns.*|selection_default',
    set: (d) => (v1Columns(d).f1.selection_default = 1),
    observe: 'board',
  },
  {
    key: 'v1|leaderboard.columns.*|column_group',
    context: (d) => (d.leaderboard.column_groups = { Scores: { label: 'Scores' } }),
    set: (d) => (v1Columns(d).accuracy.column_group = d.leaderboard.column_groups.Scores),
    observe: 'view',
  },
  {
    key: 'v1|leaderboard.columns.*|computed',
    context: (d) => (v1Columns(d).ave = { leaderboard: v1Board(d), label: 'Average rank', rank: 3 }),
    set: (d) => (v1Columns(d).ave.computed = { operation: 'Avg', fields: 'accuracy, f1' }),
    observe: 'view',
  },
  { key: 'v1|leaderboard.columns.*|hidden', set: (d) => (v1Columns(d).f1.hidden = true), observe: 'view' },
  { key: 'v1|leaderboard.columns.*|show_rank', set: (d) => (v1Columns(d).accuracy.show_rank = true) },
  {
    key: 'v1|leaderboard.columns.*|description',
    set: (d) => (v1Columns(d).accuracy.description = 'Share of right labels'),
  },
  {
    key: 'v1|leaderboard.columns.*.computed|operation',
    context: v1Ave,
    set: (d) => (v1Columns(d).ave.computed.operation = 'MRR'),
    observe: 'view',
  },
  {
    key: 'v1|leaderboard.columns.*.computed|fields',
    context: v1Ave,
    set: (d) => (v1Columns(d).ave.computed.fields = 'accuracy'),
    observe: 'view',
  },
  {
    key: 'v1|leaderboard.columns.*.computed|weights',
    context: v1Ave,
    set: (d) => (v1Columns(d).ave.computed.weights = '2, 1'),
    observe: 'view',
  },
];

describe('every competition.yaml key the parser knows takes effect or says it does not', () => {
  beforeAll(async () => {
    fx = await ArenaFixture.start();
    organizer = await fx.user('org');
    participant = await fx.user('par');
    participantName = (await participant.json('GET', '/api/auth/me')).body.username;
    const q = await organizer.json('POST', '/api/queues', { name: 'lab' });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    queueId = q.body.id;
    files = join(fx.tmp, 'files');
    await writeFiles(files);
  });

  afterAll(async () => {
    if (queueId) {
      await organizer.json('DELETE', `/api/queues/${queueId}`).catch(() => undefined);
    }
    await fx?.stop();
  });

  it('has a case for every key, and no case for a key the parser does not know', () => {
    const known = Object.entries(BUNDLE_KEYS).flatMap(([format, scopes]) =>
      Object.entries(scopes).flatMap(([scope, keys]) =>
        (keys as readonly string[]).map((k) => `${format}|${scope}|${k}`),
      ),
    );
    const cased = CASES.map((c) => c.key);
    expect(new Set(cased).size).toBe(cased.length);
    expect([...cased].sort()).toEqual([...new Set(known)].sort());
  });

  it.each(CASES.map((c) => [c.key, c] as const))('%s', async (_key, c) => {
    const [format, , key] = c.key.split('|') as [Format, string, string];
    const base = format === 'v1' ? v1Base() : v2Base();
    c.context?.(base);
    const variant = structuredClone(base);
    c.set(variant);
    const after = await upload(format, variant);
    if (!c.observe) {
      expect(after.status, JSON.stringify(after.body)).toBe(201);
      const said = (after.body.warnings as { path: string; message: string }[]).filter((w) =>
        w.message.startsWith(`${key}: ${NO_EFFECT} (`),
      );
      expect(said, JSON.stringify(after.body.warnings)).toHaveLength(1);
      return;
    }
    const before = await upload(format, base);
    if (c.observe !== 'status') {
      expect(before.status, `base: ${JSON.stringify(before.body)}`).toBe(201);
      expect(after.status, `with ${key}: ${JSON.stringify(after.body)}`).toBe(201);
    }
    const observe = OBSERVERS[c.observe];
    expect(await observe(after)).not.toEqual(await observe(before));
  });
});
