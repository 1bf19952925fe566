import type { PartRef, PhaseModel, TaskModel } from '../../competition.model';
import { readPhaseOptions, warnNoEffect } from '../competition-options';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readPartRef } from '../part-ref';
import { splitList, toPlainData } from '../plain-data';

export const PHASE_KEYS = [
  'phasenumber',
  'label',
  'description',
  'start_date',
  'max_submissions',
  'max_submissions_per_day',
  'is_scoring_only',
  'scoring_program',
  'reference_data',
  'input_data',
  'ingestion_program',
  'starting_kit',
  'public_data',
  'datasets',
  'leaderboard_management_mode',
  'force_best_submission_to_leaderboard',
  'auto_migration',
  'execution_time_limit',
  'color',
  'max_submission_size',
  'participant_max_storage_use',
  'delete_submissions_except_best_and_last',
  'phase_never_ends',
  'scoring_program_docker_image',
  'default_docker_image',
  'ingestion_program_docker_image',
  'disable_custom_docker_image',
  // v1.8 (AutoDL): parallel phases.
  'is_parallel_parent',
  'parent_phasenumber',
  'hidden_columns',
  'ingestion_program_only_during_scoring',
  // Read by Codabench's v1 importer.
  'hide_output',
  'hide_prediction_output',
  'hide_score_output',
];
const V2_HINTS: Record<string, string> = {
  name: 'a version 2 key; CodaLab v1 uses label',
  start: 'a version 2 key; CodaLab v1 uses start_date',
  end: 'CodaLab v1 phases have no end: a phase ends when the next one starts',
  tasks: 'a version 2 key; a CodaLab v1 phase names its programs and data itself',
  index: 'a version 2 key; CodaLab v1 uses phasenumber',
  auto_migrate_to_this_phase: 'a version 2 key; CodaLab v1 uses auto_migration',
};

/** CodaLab model defaults (ANCHORS §1.2.2), not Codabench's: 999 a day, not 5. */
export const V1_PHASE_DEFAULTS = { maxSubmissionsPerDay: 999, maxSubmissions: 100, executionTimeLimitSec: 300 };

export interface V1Phases {
  phases: PhaseModel[];
  tasks: TaskModel[];
  /** Per phase (same order), the CodaLab settings the model has no field for. */
  extra: Record<string, unknown>[];
  /** Leaderboard settings that phases carried in v1. */
  forceBest: boolean[];
  hideResults: boolean[];
  hiddenColumns: Set<string>;
}

interface RawPhase {
  key: string;
  r: MapReader;
  number: number;
  isParent: boolean;
  parent?: number;
}

/**
 * `phases:` is a map (any keys) of phases ordered by phasenumber; each phase becomes one task (a v1.8 parallel
 * parent: one task per child).
 */
export function parsePhasesV1(
  ctx: ParseContext,
  phasesMap: Record<string, unknown>,
  competitionEnd: string | null,
  maxSubmissionSizeCapMb: number | null = null,
): V1Phases {
  const raws: RawPhase[] = [];
  const numbers = new Map<number, string>();
  for (const [key, item] of Object.entries(phasesMap)) {
    const r = MapReader.of(ctx, item, ['phases', key], PHASE_KEYS);
    if (!r) {
      continue;
    }
    r.warnUnknown(V2_HINTS);
    if (!r.required('phasenumber')) {
      continue;
    }
    const number = r.int('phasenumber', -1);
    if (number < 0) {
      continue;
    }
    if (numbers.has(number)) {
      ctx.error(r.at('phasenumber'), `phasenumber ${number} is used twice (also phases.${numbers.get(number)})`);
      continue;
    }
    numbers.set(number, key);
    const parent = r.has('parent_phasenumber') ? r.int('parent_phasenumber', -1) : undefined;
    const isParent = r.bool('is_parallel_parent', false);
    raws.push({ key, r, number, isParent, ...(parent !== undefined && parent >= 0 ? { parent } : {}) });
  }
  const byNumber = new Map(raws.map((p) => [p.number, p]));
  for (const child of raws) {
    if (child.parent === undefined) {
      continue;
    }
    const parent = byNumber.get(child.parent);
    if (!parent || !parent.isParent) {
      ctx.error(child.r.at('parent_phasenumber'), `phase ${child.parent} is not a phase with is_parallel_parent: true`);
    }
  }
  const out: V1Phases = { phases: [], tasks: [], extra: [], forceBest: [], hideResults: [], hiddenColumns: new Set() };
  const tops = raws.filter((p) => p.parent === undefined).sort((a, b) => a.number - b.number);
  tops.forEach((raw, index) => {
    const { r } = raw;
    const label = r.text('label', '', 50);
    const description = r.text('description', '');
    const taskIndexes: number[] = [];
    const { isParent } = raw;
    const children = isParent ? raws.filter((c) => c.parent === raw.number).sort((a, b) => a.number - b.number) : [];
    if (isParent) {
      if (children.length === 0) {
        ctx.error(r.at('is_parallel_parent'), `no phase has parent_phasenumber: ${raw.number}`);
      } else if (r.has('scoring_program')) {
        const why = "a parallel parent's own program is not run: its children become the tasks of this phase";
        ctx.warn(r.at('scoring_program'), why);
      }
      for (const child of children) {
        const childLabel = child.r.text('label', '', 50);
        const name = childLabel || `Phase ${child.number}`;
        taskIndexes.push(addTask(ctx, out.tasks, child.r, name, child.r.text('description', '')));
      }
    } else {
      taskIndexes.push(addTask(ctx, out.tasks, r, `${label || `Phase ${raw.number}`} Task`, description));
    }
    let autoMigrate = r.bool('auto_migration', false);
    if (autoMigrate && index === 0) {
      const why = 'the first phase has no earlier phase to migrate from; ignored (as CodaLab does)';
      ctx.warn(r.at('auto_migration'), why);
      autoMigrate = false;
    }
    const parts: { startingKit?: PartRef; publicData?: PartRef } = {};
    if (r.has('starting_kit')) {
      parts.startingKit = readPartRef(ctx, r.raw('starting_kit'), r.at('starting_kit'));
    }
    if (r.has('public_data')) {
      parts.publicData = readPartRef(ctx, r.raw('public_data'), r.at('public_data'));
    }
    out.phases.push({
      index,
      name: label,
      description,
      start: r.date('start_date', { required: true }) ?? '',
      end: null,
      taskIndexes,
      maxSubmissionsPerDay: r.limit('max_submissions_per_day', V1_PHASE_DEFAULTS.maxSubmissionsPerDay),
      maxSubmissions: r.limit('max_submissions', V1_PHASE_DEFAULTS.maxSubmissions),
      executionTimeLimitSec: r.int('execution_time_limit', V1_PHASE_DEFAULTS.executionTimeLimitSec, 1),
      autoMigrateToThisPhase: autoMigrate,
      hideOutput: r.bool('hide_output', false),
      hidePredictionOutput: r.bool('hide_prediction_output', false),
      hideScoreOutput: r.bool('hide_score_output', false),
      ...(parts.startingKit ? { startingKit: parts.startingKit } : {}),
      ...(parts.publicData ? { publicData: parts.publicData } : {}),
      // CodaLab ran no prediction step in a scoring-only phase (its default): submissions are scored as they are.
      ...(r.says('is_scoring_only', false) ? {} : { scoringOnly: true as const }),
      ...readPhaseOptions(r, maxSubmissionSizeCapMb),
    });
    warnUnhonoured(ctx, r);
    const mode = r.oneOf('leaderboard_management_mode', ['default', 'hide_results'] as const, 'default');
    const forceBest = r.bool('force_best_submission_to_leaderboard', false);
    const hidden = r.has('hidden_columns') ? (splitList(r.raw('hidden_columns')) ?? []) : [];
    hidden.forEach((c) => out.hiddenColumns.add(c));
    out.forceBest.push(forceBest);
    out.hideResults.push(mode === 'hide_results');
    out.extra.push(phaseExtra(r, raw, mode, forceBest, hidden, children));
  });
  setEnds(ctx, tops, out.phases, competitionEnd);
  return out;
}

/** Phase keys that ask for what Arena does not do (their CodaLab defaults ask nothing). */
function warnUnhonoured(ctx: ParseContext, r: MapReader): void {
  if (r.says('delete_submissions_except_best_and_last', true)) {
    const why = "every submission's files are kept; organizers delete submissions themselves";
    warnNoEffect(ctx, r.at('delete_submissions_except_best_and_last'), why);
  }
  for (const k of ['scoring_program_docker_image', 'default_docker_image', 'ingestion_program_docker_image']) {
    const image = r.raw(k);
    if (typeof image === 'string' && image.trim() !== '') {
      warnNoEffect(ctx, r.at(k), 'every step of every phase runs in the competition_docker_image');
    }
  }
  if (r.says('disable_custom_docker_image', false)) {
    const why = 'participants cannot choose their image: every submission runs in the competition_docker_image';
    warnNoEffect(ctx, r.at('disable_custom_docker_image'), why);
  }
}

function addTask(ctx: ParseContext, tasks: TaskModel[], r: MapReader, name: string, description: string): number {
  const index = tasks.length;
  const ref = (k: string): PartRef | undefined => (r.has(k) ? readPartRef(ctx, r.raw(k), r.at(k)) : undefined);
  if (!r.has('scoring_program')) {
    ctx.error(r.at('scoring_program'), 'scoring_program is required');
  }
  if (!r.has('reference_data')) {
    ctx.warn(r.at('reference_data'), 'reference_data is missing (CodaLab refused such a phase)');
  }
  if (!r.says('is_scoring_only', false) && r.has('ingestion_program')) {
    const why =
      "is_scoring_only is true (CodaLab's default), so the ingestion program is never run and submissions are scored as results; set is_scoring_only: False to run it";
    ctx.warn(r.at(r.has('is_scoring_only') ? 'is_scoring_only' : 'ingestion_program'), why);
  }
  const scoringProgram = ref('scoring_program');
  const ingestionProgram = ref('ingestion_program');
  const inputData = ref('input_data');
  const referenceData = ref('reference_data');
  tasks.push({
    index,
    name,
    description,
    ...(scoringProgram ? { scoringProgram } : {}),
    ...(ingestionProgram ? { ingestionProgram } : {}),
    ...(inputData ? { inputData } : {}),
    ...(referenceData ? { referenceData } : {}),
    ingestionOnlyDuringScoring: r.bool('ingestion_program_only_during_scoring', false),
  });
  return index;
}

/**
 * v1 phases have no end: each ends when the next starts (end-exclusive; Codabench subtracted a day), and the last at
 * the competition's end_date, or never.
 */
function setEnds(
  ctx: ParseContext,
  raws: readonly RawPhase[],
  phases: PhaseModel[],
  competitionEnd: string | null,
): void {
  phases.forEach((phase, i) => {
    const next = phases[i + 1];
    if (next) {
      phase.end = next.start || null;
      if (phase.start && next.start && next.start <= phase.start) {
        const message = `phase ${raws[i + 1].number} must start after phase ${raws[i].number} (${phase.start})`;
        ctx.error(raws[i + 1].r.at('start_date'), message);
      }
      return;
    }
    if (raws[i].r.bool('phase_never_ends', false) || competitionEnd === null) {
      return;
    }
    if (phase.start && competitionEnd <= phase.start) {
      ctx.error(['end_date'], `the competition ends (${competitionEnd}) before its last phase starts (${phase.start})`);
    }
    phase.end = competitionEnd;
  });
}

function phaseExtra(
  r: MapReader,
  raw: RawPhase,
  mode: string,
  forceBest: boolean,
  hiddenColumns: string[],
  children: RawPhase[],
): Record<string, unknown> {
  const extra: Record<string, unknown> = {
    phasenumber: raw.number,
    is_scoring_only: r.bool('is_scoring_only', true),
    leaderboard_management_mode: mode,
    force_best_submission_to_leaderboard: forceBest,
    disable_custom_docker_image: r.bool('disable_custom_docker_image', true),
    delete_submissions_except_best_and_last: r.bool('delete_submissions_except_best_and_last', false),
    phase_never_ends: r.bool('phase_never_ends', false),
  };
  if (r.has('participant_max_storage_use')) {
    extra.participant_max_storage_use = r.int('participant_max_storage_use', 0, 0);
  }
  for (const k of ['scoring_program_docker_image', 'default_docker_image', 'ingestion_program_docker_image']) {
    if (r.has(k)) {
      extra[k] = r.text(k, '');
    }
  }
  if (r.has('datasets')) {
    extra.datasets = toPlainData(r.raw('datasets'));
  }
  if (hiddenColumns.length > 0) {
    extra.hidden_columns = hiddenColumns;
  }
  if (children.length > 0) {
    extra.is_parallel_parent = true;
    extra.children = children.map((c) => c.number);
    if (r.has('scoring_program')) {
      extra.parent_scoring_program = toPlainData(r.raw('scoring_program'));
    }
  }
  return extra;
}
