import { type BundleFormat, type CompetitionOptions, PHASE_COLORS, type PhaseModel } from '../competition.model';
import type { YamlPath } from '../problems/yaml-path';
import type { MapReader } from './map-reader';
import type { ParseContext } from './parse-context';

/**
 * CodaLab v1 competition flags that version 2 has no key for. Both formats read them under the v1 names, so a v1
 * competition keeps them through a (version 2) export.
 */
export const OPTION_KEYS = [
  'enable_teams',
  'require_team_approval',
  'enable_per_submission_metadata',
  'show_submission_metadata_on_leaderboard',
  'disallow_leaderboard_modifying',
  'hide_top_three',
  'hide_chart',
  'url_redirect',
] as const;

/** Phase keys of CodaLab v1 that Arena also reads in version 2. */
export const PHASE_OPTION_KEYS = ['color', 'max_submission_size'] as const;

/**
 * Defaults per format: CodaLab's model defaults for v1 (teams off, approval on); for version 2 what Arena did before
 * these keys existed (teams on, no approval), so that Codabench bundles behave as they always have here.
 */
const NOTHING_ASKED = {
  enableSubmissionMetadata: false,
  showSubmissionMetadataOnLeaderboard: false,
  disallowLeaderboardModifying: false,
  hideTopThree: false,
  hideChart: false,
  urlRedirect: null,
};
export const OPTION_DEFAULTS: Record<BundleFormat, CompetitionOptions> = {
  v1: { enableTeams: false, requireTeamApproval: true, ...NOTHING_ASKED },
  v2: { enableTeams: true, requireTeamApproval: false, ...NOTHING_ASKED },
};

const URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

export function readCompetitionOptions(r: MapReader, format: BundleFormat): CompetitionOptions {
  const d = OPTION_DEFAULTS[format];
  const urlRedirect = r.string('url_redirect', { max: 2000 })?.trim() || null;
  if (urlRedirect !== null && !URL.test(urlRedirect)) {
    r.ctx.error(r.at('url_redirect'), `${urlRedirect} is not an http(s) address`);
  }
  const enableSubmissionMetadata = r.bool('enable_per_submission_metadata', d.enableSubmissionMetadata);
  const onBoard = r.bool('show_submission_metadata_on_leaderboard', d.showSubmissionMetadataOnLeaderboard);
  if (onBoard && !enableSubmissionMetadata) {
    const why = 'boards show submission metadata only where enable_per_submission_metadata is true';
    r.ctx.warn(r.at('show_submission_metadata_on_leaderboard'), why);
  }
  const enableTeams = r.bool('enable_teams', d.enableTeams);
  return {
    enableTeams,
    requireTeamApproval: r.bool('require_team_approval', d.requireTeamApproval),
    enableSubmissionMetadata,
    showSubmissionMetadataOnLeaderboard: onBoard && enableSubmissionMetadata,
    disallowLeaderboardModifying: r.bool('disallow_leaderboard_modifying', d.disallowLeaderboardModifying),
    hideTopThree: r.bool('hide_top_three', d.hideTopThree),
    hideChart: r.bool('hide_chart', d.hideChart),
    urlRedirect: urlRedirect !== null && URL.test(urlRedirect) ? urlRedirect : null,
  };
}

/**
 * Locked picks under a rule where participants choose their entries (Add, Add_And_Delete*) would keep every
 * submission off those boards: said at the flag, naming the boards.
 */
export function warnLockedPicks(
  ctx: ParseContext,
  options: CompetitionOptions,
  boards: { key: string; submissionRule: string }[],
): void {
  if (!options.disallowLeaderboardModifying) {
    return;
  }
  const chosen = boards.filter((b) => b.submissionRule.startsWith('Add')).map((b) => b.key);
  if (chosen.length === 0) {
    return;
  }
  const why = `participants choose the entries of ${chosen.join(', ')} (rule Add*), so with their choices locked no submission would reach ${chosen.length > 1 ? 'them' : 'it'}: use a Force_* rule (CodaLab: force_submission_to_leaderboard)`;
  ctx.warn(['disallow_leaderboard_modifying'], why);
}

/** `color` and `max_submission_size` (MB), present in the phase only when the YAML sets them. */
export function readPhaseOptions(
  r: MapReader,
  maxSizeCapMb: number | null = null,
): Pick<PhaseModel, 'color' | 'maxSubmissionSizeMb'> {
  const out: Pick<PhaseModel, 'color' | 'maxSubmissionSizeMb'> = {};
  if (r.has('color')) {
    out.color = r.oneOf('color', PHASE_COLORS, 'white');
  }
  const size = r.has('max_submission_size') ? r.int('max_submission_size', 0, 1) : maxSizeCapMb;
  if (size !== null && size > 0) {
    out.maxSubmissionSizeMb = maxSizeCapMb !== null ? Math.min(size, maxSizeCapMb) : size;
  }
  return out;
}

/**
 * A key the platform reads and keeps with the competition but cannot honour: the organizer is told, at the key,
 * rather than finding out from participants. Every such warning starts with NO_EFFECT after the key.
 */
export function warnNoEffect(ctx: ParseContext, path: YamlPath, why: string): void {
  const key = String(path[path.length - 1]);
  ctx.warn(path, `${key}: ${NO_EFFECT} (${why})`);
}

export const NO_EFFECT = 'kept, but has no effect here';
