import {
  DEFAULT_DOCKER_IMAGE,
  type CompetitionModel,
  type PageModel,
  type SubmissionRule,
} from '../../competition.model';
import { readCompetitionOptions, warnLockedPicks, warnNoEffect } from '../competition-options';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readBundleFile } from '../part-ref';
import { parseLeaderboardV1 } from './leaderboard-v1.parser';
import { parsePhasesV1, type V1Phases } from './phases-v1.parser';

export const TOP_KEYS = [
  'version',
  'title',
  'description',
  'image',
  'has_registration',
  'start_date',
  'end_date',
  'competition_docker_image',
  'force_submission_to_leaderboard',
  'disallow_leaderboard_modifying',
  'enable_detailed_results',
  'enable_medical_image_viewer',
  'show_datasets_from_yaml',
  'reward',
  'allow_teams',
  'enable_teams',
  'require_team_approval',
  'allow_organizer_teams',
  'enable_per_submission_metadata',
  'allow_public_submissions',
  'enable_forum',
  'anonymous_leaderboard',
  'hide_top_three',
  'hide_chart',
  'upper_bound_max_submission_size',
  'url_redirect',
  'published',
  'admin_names',
  'html',
  'phases',
  'leaderboard',
  // Read by Codabench's v1 importer.
  'queue',
  'show_detailed_results_in_submission_panel',
  'show_detailed_results_in_leaderboard',
  'auto_run_submissions',
  'make_programs_available',
  'make_input_data_available',
  // Arena: boards show the submissions' metadata (enable_per_submission_metadata).
  'show_submission_metadata_on_leaderboard',
];
const V2_HINTS: Record<string, string> = {
  docker_image: 'a version 2 key; CodaLab v1 uses competition_docker_image',
  registration_auto_approve: 'a version 2 key; CodaLab v1 uses has_registration, its opposite',
  forum_enabled: 'a version 2 key; CodaLab v1 uses enable_forum',
  pages: 'a version 2 key; CodaLab v1 uses html (if this is a version 2 file, add version: 2)',
  terms: 'a version 2 key; CodaLab v1 names terms under html',
  tasks: 'a version 2 key (if this is a version 2 file, add version: 2)',
  leaderboards: 'a version 2 key; CodaLab v1 uses leaderboard (if this is a version 2 file, add version: 2)',
};
/** CodaLab flags the model has no field for, with CodaLab's defaults; kept in `extra.codalab.competition`. */
const KEPT_FLAGS: [string, boolean][] = [
  ['disallow_leaderboard_modifying', false],
  ['enable_medical_image_viewer', false],
  ['show_datasets_from_yaml', true],
  ['allow_teams', false],
  ['enable_teams', false],
  ['require_team_approval', true],
  ['allow_organizer_teams', false],
  ['enable_per_submission_metadata', false],
  ['anonymous_leaderboard', false],
  ['hide_top_three', false],
  ['hide_chart', false],
  ['published', false],
];
const REQUIRED_PAGES = ['overview', 'evaluation', 'terms', 'data'];

/**
 * Reads a CodaLab v1/1.5/1.8 competition.yaml into the model with CodaLab's defaults (ANCHORS §1.2, §7.2): open
 * registration unless `has_registration`, 999 submissions a day, phases ending when the next starts, and
 * rank-aggregate columns, selection_default, column groups and force_* flags kept rather than dropped.
 */
export function parseCompetitionV1(
  ctx: ParseContext,
  root: Record<string, unknown>,
  sourceVersion: string | null,
): CompetitionModel {
  const r = new MapReader(ctx, root, [], TOP_KEYS);
  r.warnUnknown(V2_HINTS);
  const title = r.string('title', { required: true, max: 100 }) ?? '';
  const image = r.has('image') ? readBundleFile(ctx, r.raw('image'), ['image']) : undefined;
  const { pages, terms } = parseHtml(ctx, r);
  const startDate = r.date('start_date') ?? null;
  const endDate = r.date('end_date') ?? null;

  const phasesMap = r.has('phases') ? r.map('phases') : undefined;
  if (!r.has('phases')) {
    ctx.error(['phases'], 'phases is required');
  } else if (phasesMap && Object.keys(phasesMap).length === 0) {
    ctx.error(['phases'], 'at least one phase is required');
  }
  // CodaLab's cap on what a phase's max_submission_size may be; 0 or absent: none.
  const upperBound = r.has('upper_bound_max_submission_size') ? r.int('upper_bound_max_submission_size', 0, 0) : null;
  const phases = parsePhasesV1(ctx, phasesMap ?? {}, endDate, upperBound || null);

  const forceLast = r.bool('force_submission_to_leaderboard', false);
  const rule = submissionRule(ctx, forceLast, phases);
  let leaderboards: CompetitionModel['leaderboards'] = [];
  let leaderboardExtra: Record<string, unknown> = {};
  if (r.has('leaderboard')) {
    const parsed = parseLeaderboardV1(ctx, r.raw('leaderboard'), rule, phases.hiddenColumns);
    leaderboards = parsed.leaderboards;
    leaderboardExtra = parsed.extra;
  } else {
    ctx.warn(['leaderboard'], 'leaderboard is missing: no score will be shown');
  }

  const competitionExtra: Record<string, unknown> = {};
  for (const [k, fallback] of KEPT_FLAGS) {
    competitionExtra[k] = r.bool(k, fallback);
  }
  competitionExtra.force_submission_to_leaderboard = forceLast;
  competitionExtra.has_registration = r.bool('has_registration', false);
  if (startDate) {
    competitionExtra.start_date = startDate;
  }
  if (endDate) {
    competitionExtra.end_date = endDate;
  }
  if (upperBound !== null) {
    competitionExtra.upper_bound_max_submission_size = upperBound;
  }
  for (const k of ['url_redirect', 'admin_names']) {
    if (r.has(k)) {
      competitionExtra[k] = r.text(k, '');
    }
  }

  warnUnhonoured(ctx, r);
  const options = readCompetitionOptions(r, 'v1');
  warnLockedPicks(ctx, options, leaderboards);
  const reward = r.string('reward', { max: 256 });
  const dockerImage = r.string('competition_docker_image', { max: 128 })?.trim();
  return {
    format: 'v1',
    sourceVersion,
    title,
    description: r.text('description', ''),
    ...(image ? { image } : {}),
    ...(terms ? { terms } : {}),
    pages,
    dockerImage: dockerImage || DEFAULT_DOCKER_IMAGE,
    queue: r.string('queue')?.trim() || null,
    registrationAutoApprove: !(competitionExtra.has_registration as boolean),
    enableDetailedResults: r.bool('enable_detailed_results', false),
    showDetailedResultsInSubmissionPanel: r.bool('show_detailed_results_in_submission_panel', true),
    showDetailedResultsInLeaderboard: r.bool('show_detailed_results_in_leaderboard', true),
    autoRunSubmissions: r.bool('auto_run_submissions', true),
    canParticipantsMakeSubmissionsPublic: r.bool('allow_public_submissions', false),
    makeProgramsAvailable: r.bool('make_programs_available', false),
    makeInputDataAvailable: r.bool('make_input_data_available', false),
    competitionType: 'competition',
    factSheet: null,
    reward: reward ?? null,
    contactEmail: null,
    forumEnabled: r.bool('enable_forum', false),
    anonymousLeaderboard: competitionExtra.anonymous_leaderboard as boolean,
    ...(r.has('published') ? { published: competitionExtra.published as boolean } : {}),
    options,
    tasks: phases.tasks,
    solutions: [],
    phases: phases.phases,
    leaderboards,
    extra: {
      codalab: {
        competition: competitionExtra,
        phases: phases.extra,
        leaderboard: leaderboardExtra,
        notes: notes(phases, rule, forceLast),
      },
    },
  };
}

/** CodaLab flags that ask for what Arena does not do: each is named where it is set (their defaults ask nothing). */
function warnUnhonoured(ctx: ParseContext, r: MapReader): void {
  const on = (k: string) => r.says(k, true);
  if (on('enable_medical_image_viewer')) {
    warnNoEffect(ctx, ['enable_medical_image_viewer'], 'Arena has no image viewer');
  }
  if (on('allow_teams')) {
    const why = "CodaLab's free-text team name in a participant's profile; Arena's teams are enable_teams";
    warnNoEffect(ctx, ['allow_teams'], why);
  }
  if (on('allow_organizer_teams')) {
    warnNoEffect(ctx, ['allow_organizer_teams'], 'organizers take part in no team here; they see every team');
  }
  if (on('enable_forum')) {
    warnNoEffect(ctx, ['enable_forum'], 'Arena has no forum yet');
  }
}

/** `html: {overview: overview.html, …}`: `terms` becomes the terms, every other key a page titled by its key. */
function parseHtml(ctx: ParseContext, r: MapReader): { pages: PageModel[]; terms?: string } {
  if (!r.has('html')) {
    ctx.error(['html'], 'html is required: the pages (overview, evaluation, terms, data) as files of the bundle');
    return { pages: [] };
  }
  const html = r.map('html');
  if (!html) {
    return { pages: [] };
  }
  const pages: PageModel[] = [];
  let terms: string | undefined;
  for (const [key, value] of Object.entries(html)) {
    const file = readBundleFile(ctx, value, ['html', key]);
    if (!file) {
      continue;
    }
    if (key === 'terms') {
      terms = file;
    } else {
      pages.push({ title: key, file });
    }
  }
  const missing = REQUIRED_PAGES.filter((k) => !(k in html));
  if (missing.length > 0) {
    ctx.warn(['html'], `has no ${missing.join(', ')} page (CodaLab required ${REQUIRED_PAGES.join(', ')})`);
  }
  return { pages, ...(terms ? { terms } : {}) };
}

/**
 * CodaLab decided which submission sits on the leaderboard with competition and phase flags (ANCHORS §3.4.4);
 * the model has one rule per leaderboard.
 */
function submissionRule(ctx: ParseContext, forceLast: boolean, phases: V1Phases): SubmissionRule {
  if (forceLast) {
    return 'Force_Last';
  }
  if (phases.forceBest.some(Boolean)) {
    if (!phases.forceBest.every(Boolean)) {
      const why =
        'force_best_submission_to_leaderboard is set on some phases only; Force_Best applies to the whole leaderboard';
      ctx.warn(['phases'], why);
    }
    return 'Force_Best';
  }
  if (phases.hideResults.some(Boolean)) {
    return 'Force_Last';
  }
  return 'Add';
}

function notes(phases: V1Phases, rule: SubmissionRule, forceLast: boolean): string[] {
  const out = [
    'phase ends are the next phase start (end-exclusive); the last phase ends at end_date, or never',
    `leaderboard submission rule ${rule} from ${forceLast ? 'force_submission_to_leaderboard' : 'the phase flags'}`,
    'computed Avg/MRR columns are rank aggregates (rankAggregate), ranked by CodaLab with dense ranks',
  ];
  if (phases.hideResults.some(Boolean)) {
    out.push('leaderboard_management_mode hide_results: results stay hidden until revealed');
  }
  if (phases.hiddenColumns.size > 0) {
    out.push(`hidden_columns ${[...phases.hiddenColumns].join(', ')} are hidden on every phase`);
  }
  return out;
}
