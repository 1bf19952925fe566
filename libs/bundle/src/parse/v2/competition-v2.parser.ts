import { DEFAULT_DOCKER_IMAGE, type CompetitionModel, type PageModel } from '../../competition.model';
import { OPTION_KEYS, readCompetitionOptions, warnLockedPicks, warnNoEffect } from '../competition-options';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readBundleFile } from '../part-ref';
import { parseFactSheetV2 } from './fact-sheet-v2.parser';
import { parseLeaderboardsV2 } from './leaderboards-v2.parser';
import { parsePhasesV2 } from './phases-v2.parser';
import { parseSolutionsV2, parseTasksV2 } from './tasks-v2.parser';

export const TOP_KEYS = [
  'version',
  'title',
  'description',
  'image',
  'terms',
  'pages',
  'docker_image',
  'queue',
  'registration_auto_approve',
  'enable_detailed_results',
  'show_detailed_results_in_submission_panel',
  'show_detailed_results_in_leaderboard',
  'auto_run_submissions',
  'can_participants_make_submissions_public',
  'make_programs_available',
  'make_input_data_available',
  'competition_type',
  'fact_sheet',
  'reward',
  'contact_email',
  'forum_enabled',
  // Arena: phase files anyone may download (no Codabench key).
  'files_public',
  // Arena: CodaLab v1's anonymous_leaderboard, which Codabench has no key for.
  'anonymous_leaderboard',
  'tasks',
  'solutions',
  'phases',
  'leaderboards',
  // Arena: CodaLab v1 competition flags that version 2 has no key for.
  ...OPTION_KEYS,
];
export const PAGE_KEYS = ['title', 'file'];
const V1_KEY = 'a CodaLab v1 key, not read in version 2';
const V1_HINTS: Record<string, string> = {
  has_registration: 'a CodaLab v1 key; version 2 uses registration_auto_approve, its opposite',
  competition_docker_image: 'a CodaLab v1 key; version 2 uses docker_image',
  enable_forum: 'a CodaLab v1 key; version 2 uses forum_enabled',
  html: 'a CodaLab v1 key; version 2 uses pages and terms',
  leaderboard: 'a CodaLab v1 key; version 2 uses leaderboards, a list',
  end_date: 'a CodaLab v1 key; version 2 ends the last phase with its end',
  start_date: 'a CodaLab v1 key; version 2 starts with the first phase',
  force_submission_to_leaderboard: 'a CodaLab v1 key; version 2 uses a leaderboard submission_rule such as Force_Last',
  allow_teams: V1_KEY,
  admin_names: V1_KEY,
};
const IMAGE_EXT = /\.(png|jpe?g|gif|svg|webp)$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Reads a Codabench version 2 competition.yaml (ANCHORS §1.3), keeping every key with its Codabench default. */
export function parseCompetitionV2(
  ctx: ParseContext,
  root: Record<string, unknown>,
  sourceVersion: string | null,
): CompetitionModel {
  const r = new MapReader(ctx, root, [], TOP_KEYS);
  r.warnUnknown(V1_HINTS);
  const title = r.string('title', { required: true, max: 256 }) ?? '';

  let image: string | undefined;
  if (r.has('image')) {
    image = readBundleFile(ctx, r.raw('image'), ['image']);
    if (image && !IMAGE_EXT.test(image)) {
      ctx.warn(['image'], `${image} does not look like an image (png, jpg, gif, svg, webp)`);
    }
  } else {
    ctx.warn(['image'], 'image is missing: the competition will have no logo (Codabench refuses such a bundle)');
  }

  let terms: string | undefined;
  if (r.has('terms')) {
    terms = readBundleFile(ctx, r.raw('terms'), ['terms']);
  } else {
    ctx.warn(['terms'], 'terms is missing: participants will have no terms to accept (Codabench refuses that)');
  }

  const pages = parsePages(ctx, r);
  const tasksList = r.list('tasks', { required: true }) ?? [];
  if (r.has('tasks') && tasksList.length === 0) {
    ctx.error(['tasks'], 'at least one task is required');
  }
  const tasks = parseTasksV2(ctx, tasksList);
  const taskIndexes = new Set(tasks.map((t) => t.index));
  // A task with a bad field is left out of `tasks`, but its index is still declared: count it, or every phase
  // naming it would report a second, misleading "does not exist".
  for (const item of tasksList) {
    const idx = (item as Record<string, unknown> | null)?.index;
    if (typeof idx === 'number') {
      taskIndexes.add(idx);
    }
  }
  const solutions = parseSolutionsV2(ctx, r.list('solutions') ?? [], taskIndexes);
  const phasesList = r.list('phases', { required: true }) ?? [];
  if (r.has('phases') && phasesList.length === 0) {
    ctx.error(['phases'], 'at least one phase is required');
  }
  const phases = parsePhasesV2(ctx, phasesList, taskIndexes, new Set(solutions.map((s) => s.index)));
  const boardsList = r.list('leaderboards', { required: true }) ?? [];
  if (r.has('leaderboards') && boardsList.length === 0) {
    ctx.error(['leaderboards'], 'at least one leaderboard is required');
  }
  const leaderboards = parseLeaderboardsV2(ctx, boardsList);

  const factSheetMap = r.map('fact_sheet');
  const contactEmail = r.string('contact_email', { max: 254 }) ?? null;
  if (contactEmail !== null && !EMAIL.test(contactEmail.trim())) {
    ctx.error(['contact_email'], `${contactEmail} is not an email address`);
  }
  const dockerImage = r.string('docker_image', { max: 128 })?.trim();
  const options = readCompetitionOptions(r, 'v2');
  warnLockedPicks(ctx, options, leaderboards);
  // Codabench's default is true; only a bundle that asks for a forum in so many words is told there is none.
  if (r.says('forum_enabled', true)) {
    warnNoEffect(ctx, ['forum_enabled'], 'Arena has no forum yet');
  }

  return {
    format: 'v2',
    sourceVersion,
    title,
    description: r.text('description', ''),
    ...(image ? { image } : {}),
    ...(terms ? { terms } : {}),
    pages,
    dockerImage: dockerImage || DEFAULT_DOCKER_IMAGE,
    queue: r.string('queue')?.trim() || null,
    registrationAutoApprove: r.bool('registration_auto_approve', false),
    enableDetailedResults: r.bool('enable_detailed_results', false),
    showDetailedResultsInSubmissionPanel: r.bool('show_detailed_results_in_submission_panel', true),
    showDetailedResultsInLeaderboard: r.bool('show_detailed_results_in_leaderboard', true),
    autoRunSubmissions: r.bool('auto_run_submissions', true),
    canParticipantsMakeSubmissionsPublic: r.bool('can_participants_make_submissions_public', true),
    makeProgramsAvailable: r.bool('make_programs_available', false),
    makeInputDataAvailable: r.bool('make_input_data_available', false),
    competitionType: r.oneOf('competition_type', ['competition', 'benchmark'] as const, 'competition'),
    factSheet: factSheetMap ? parseFactSheetV2(ctx, factSheetMap) : null,
    reward: r.string('reward', { max: 256 }) ?? null,
    contactEmail: contactEmail?.trim() ?? null,
    forumEnabled: r.bool('forum_enabled', true),
    ...(r.bool('files_public', false) ? { filesPublic: true as const } : {}),
    anonymousLeaderboard: r.bool('anonymous_leaderboard', false),
    options,
    tasks,
    solutions,
    phases,
    leaderboards,
    extra: {},
  };
}

function parsePages(ctx: ParseContext, r: MapReader): PageModel[] {
  if (!r.has('pages')) {
    ctx.warn(['pages'], 'pages is missing: the competition will have no pages (Codabench refuses such a bundle)');
    return [];
  }
  const pages: PageModel[] = [];
  (r.list('pages') ?? []).forEach((item, i) => {
    const p = MapReader.of(ctx, item, ['pages', i], PAGE_KEYS);
    if (!p) {
      return;
    }
    p.warnUnknown();
    const file = p.required('file') ? readBundleFile(ctx, p.raw('file'), p.at('file')) : undefined;
    let title = p.string('title', { max: 255 });
    if (title === undefined && file) {
      title = file
        .split('/')
        .pop()!
        .replace(/\.[^.]+$/, '');
      ctx.warn(p.at('title'), `title is missing; using "${title}"`);
    }
    if (file) {
      pages.push({ title: title ?? '', file });
    }
  });
  return pages;
}
