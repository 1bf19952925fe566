import { stringify } from 'yaml';
import type {
  ColumnModel,
  CompetitionModel,
  LeaderboardModel,
  PartRef,
  PhaseModel,
  SolutionModel,
  TaskModel,
} from '../competition.model';
import { OPTION_DEFAULTS } from '../parse/competition-options';

const RANK_COMPUTATIONS = { avgRank: 'avg_rank', weightedRank: 'weighted_rank', mrr: 'mrr' } as const;

/**
 * The model as a version 2 competition.yaml that this platform reads back into the same model: every key is
 * written, defaults included (a reader never has to guess), limits as `null` when unlimited, dates as full ISO
 * instants (Codabench's exporter cut them to the day). Parts are written as their path or, in a light bundle, their
 * dataset key. What v2 has no key for (v1 rank aggregates, column groups) uses Arena's column keys.
 */
export function toCompetitionYaml(model: CompetitionModel): string {
  return stringify(toCompetitionDocument(model), { lineWidth: 0, aliasDuplicateObjects: false });
}

export function toCompetitionDocument(model: CompetitionModel): Record<string, unknown> {
  return {
    version: 2,
    title: model.title,
    description: model.description,
    ...(model.image !== undefined ? { image: model.image } : {}),
    ...(model.terms !== undefined ? { terms: model.terms } : {}),
    pages: model.pages.map((p) => ({ title: p.title, file: p.file })),
    docker_image: model.dockerImage,
    ...(model.queue !== null ? { queue: model.queue } : {}),
    registration_auto_approve: model.registrationAutoApprove,
    enable_detailed_results: model.enableDetailedResults,
    show_detailed_results_in_submission_panel: model.showDetailedResultsInSubmissionPanel,
    show_detailed_results_in_leaderboard: model.showDetailedResultsInLeaderboard,
    auto_run_submissions: model.autoRunSubmissions,
    can_participants_make_submissions_public: model.canParticipantsMakeSubmissionsPublic,
    make_programs_available: model.makeProgramsAvailable,
    make_input_data_available: model.makeInputDataAvailable,
    competition_type: model.competitionType,
    ...(model.factSheet !== null ? { fact_sheet: factSheet(model) } : {}),
    ...(model.reward !== null ? { reward: model.reward } : {}),
    ...(model.contactEmail !== null ? { contact_email: model.contactEmail } : {}),
    forum_enabled: model.forumEnabled,
    ...(model.filesPublic ? { files_public: true } : {}),
    // An Arena key, written only when on (as requires_gpu): Codabench would warn about it.
    ...(model.anonymousLeaderboard ? { anonymous_leaderboard: true } : {}),
    ...options(model),
    tasks: model.tasks.map(task),
    ...(model.solutions.length ? { solutions: model.solutions.map(solution) } : {}),
    phases: [...model.phases].sort((a, b) => a.index - b.index).map(phase),
    leaderboards: [...model.leaderboards].sort((a, b) => a.index - b.index).map(leaderboard),
  };
}

/** Arena's keys for CodaLab's flags, written where they differ from what a version 2 reader assumes. */
function options(model: CompetitionModel): Record<string, unknown> {
  const o = model.options;
  const d = OPTION_DEFAULTS.v2;
  const all: [string, unknown, unknown][] = [
    ['enable_teams', o.enableTeams, d.enableTeams],
    ['require_team_approval', o.requireTeamApproval, d.requireTeamApproval],
    ['enable_per_submission_metadata', o.enableSubmissionMetadata, d.enableSubmissionMetadata],
    [
      'show_submission_metadata_on_leaderboard',
      o.showSubmissionMetadataOnLeaderboard,
      d.showSubmissionMetadataOnLeaderboard,
    ],
    ['disallow_leaderboard_modifying', o.disallowLeaderboardModifying, d.disallowLeaderboardModifying],
    ['hide_top_three', o.hideTopThree, d.hideTopThree],
    ['hide_chart', o.hideChart, d.hideChart],
    ['url_redirect', o.urlRedirect, d.urlRedirect],
  ];
  return Object.fromEntries(all.filter(([, v, fallback]) => v !== fallback).map(([k, v]) => [k, v]));
}

export function partValue(ref: PartRef): string {
  if ('workerLocal' in ref) {
    return `worker://${ref.workerLocal}`;
  }
  return 'key' in ref ? ref.key : ref.path;
}

function factSheet(model: CompetitionModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of model.factSheet ?? []) {
    out[q.key] = {
      key: q.key,
      type: q.type,
      title: q.title,
      selection: q.selection,
      is_required: q.isRequired,
      is_on_leaderboard: q.isOnLeaderboard,
    };
  }
  return out;
}

function task(t: TaskModel): Record<string, unknown> {
  if (t.key !== undefined) {
    return { index: t.index, key: t.key, name: t.name, description: t.description };
  }
  return {
    index: t.index,
    name: t.name,
    description: t.description,
    ...(t.scoringProgram ? { scoring_program: partValue(t.scoringProgram) } : {}),
    ...(t.ingestionProgram ? { ingestion_program: partValue(t.ingestionProgram) } : {}),
    ...(t.inputData ? { input_data: partValue(t.inputData) } : {}),
    ...(t.referenceData ? { reference_data: partValue(t.referenceData) } : {}),
    ingestion_only_during_scoring: t.ingestionOnlyDuringScoring,
  };
}

function solution(s: SolutionModel): Record<string, unknown> {
  const where = 'key' in s.solution ? { key: s.solution.key } : { path: partValue(s.solution) };
  return { index: s.index, name: s.name, description: s.description, tasks: s.taskIndexes, ...where };
}

function phase(p: PhaseModel): Record<string, unknown> {
  return {
    index: p.index,
    name: p.name,
    description: p.description,
    start: p.start,
    ...(p.end !== null ? { end: p.end } : {}),
    tasks: p.taskIndexes,
    max_submissions_per_day: p.maxSubmissionsPerDay,
    max_submissions: p.maxSubmissions,
    execution_time_limit: p.executionTimeLimitSec,
    auto_migrate_to_this_phase: p.autoMigrateToThisPhase,
    hide_output: p.hideOutput,
    hide_prediction_output: p.hidePredictionOutput,
    hide_score_output: p.hideScoreOutput,
    ...(p.requiresGpu ? { requires_gpu: true } : {}),
    ...(p.scoringOnly ? { accepts_only_result_submissions: true } : {}),
    ...(p.solutionIndexes ? { solutions: p.solutionIndexes } : {}),
    ...(p.color !== undefined ? { color: p.color } : {}),
    ...(p.maxSubmissionSizeMb !== undefined ? { max_submission_size: p.maxSubmissionSizeMb } : {}),
    ...(p.startingKit ? { starting_kit: partValue(p.startingKit) } : {}),
    ...(p.publicData ? { public_data: partValue(p.publicData) } : {}),
  };
}

function leaderboard(l: LeaderboardModel): Record<string, unknown> {
  return {
    index: l.index,
    title: l.title,
    key: l.key,
    hidden: l.hidden,
    primary_index: l.primaryIndex,
    submission_rule: l.submissionRule,
    columns: l.columns.map(column),
  };
}

function column(c: ColumnModel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: c.title,
    key: c.key,
    index: c.index,
    sorting: c.sorting,
    precision: c.precision,
    hidden: c.hidden,
  };
  if (c.group !== undefined) {
    out.group = c.group;
  }
  if (c.rankAggregate) {
    out.computation = RANK_COMPUTATIONS[c.rankAggregate.method];
    out.computation_indexes = c.rankAggregate.indexes;
    if (c.rankAggregate.weights) {
      out.computation_weights = c.rankAggregate.weights;
    }
  } else if (c.computation) {
    out.computation = c.computation;
    if (c.computationIndexes) {
      out.computation_indexes = c.computationIndexes;
    }
  }
  return out;
}
