import type { PartRef, PhaseModel } from '../../competition.model';
import { PHASE_OPTION_KEYS, readPhaseOptions } from '../competition-options';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readPartRef } from '../part-ref';
import { readInt, readList } from '../value-readers';
import { checkPhaseOrder, type PlacedPhase } from '../phase-order';
import { readTaskIndexes } from './tasks-v2.parser';

export const PHASE_KEYS = [
  'index',
  'name',
  'description',
  'start',
  'end',
  'tasks',
  'max_submissions_per_day',
  'max_submissions',
  'auto_migrate_to_this_phase',
  'execution_time_limit',
  'hide_output',
  'hide_prediction_output',
  'hide_score_output',
  'starting_kit',
  'public_data',
  // Arena: the phase's runs need GPU workers.
  'requires_gpu',
  // Arena: CodaLab v1 phase keys that version 2 has no key for.
  ...PHASE_OPTION_KEYS,
  // Written by Codabench's exporter and ignored by its importer.
  'solutions',
  'accepts_only_result_submissions',
  'max_submissions_per_person',
];

/** A phase's `solutions`: indexes of declared solutions; an unknown one is left out with a warning. */
function readPhaseSolutions(r: MapReader, declared: ReadonlySet<number>): { solutionIndexes?: number[] } {
  if (!r.has('solutions')) {
    return {};
  }
  const list = readList(r.ctx, r.raw('solutions'), r.at('solutions'));
  if (!list) {
    return {};
  }
  const out: number[] = [];
  list.forEach((v, j) => {
    const n = readInt(r.ctx, v, r.at('solutions', j), 0);
    if (n === undefined) {
      return;
    }
    if (!declared.has(n)) {
      r.ctx.warn(r.at('solutions', j), `solution index ${n} is not declared under solutions; left out`);
    } else if (!out.includes(n)) {
      out.push(n);
    }
  });
  return { solutionIndexes: out };
}

export const V2_PHASE_DEFAULTS = { maxSubmissionsPerDay: 5, maxSubmissions: 100, executionTimeLimitSec: 600 };

/** Phases, sorted by `index` (stable) and renumbered 0..n-1 as Codabench does; problems keep the YAML position. */
export function parsePhasesV2(
  ctx: ParseContext,
  items: readonly unknown[],
  taskIndexes: ReadonlySet<number>,
  solutionIndexes: ReadonlySet<number> = new Set(),
): PhaseModel[] {
  const placed: (PlacedPhase & { order: number })[] = [];
  items.forEach((item, i) => {
    const r = MapReader.of(ctx, item, ['phases', i], PHASE_KEYS);
    if (!r) {
      return;
    }
    r.warnUnknown();
    const order = r.int('index', 0, 0);
    const start = r.date('start', { required: true });
    const end = r.date('end') ?? null;
    const taskList = readTaskIndexes(ctx, r, taskIndexes);
    let maxSubmissions = r.limit('max_submissions', V2_PHASE_DEFAULTS.maxSubmissions);
    if (r.has('max_submissions_per_person')) {
      if (r.has('max_submissions')) {
        ctx.warn(r.at('max_submissions_per_person'), 'is ignored: max_submissions is set');
      } else {
        ctx.warn(r.at('max_submissions_per_person'), 'read as max_submissions (Codabench ignores this key; rename it)');
        maxSubmissions = r.limit('max_submissions_per_person', V2_PHASE_DEFAULTS.maxSubmissions);
      }
    }
    let executionTimeLimitSec = r.int('execution_time_limit', V2_PHASE_DEFAULTS.executionTimeLimitSec, 0);
    if (executionTimeLimitSec === 0) {
      ctx.warn(r.at('execution_time_limit'), `0 means the default, ${V2_PHASE_DEFAULTS.executionTimeLimitSec} seconds`);
      executionTimeLimitSec = V2_PHASE_DEFAULTS.executionTimeLimitSec;
    }
    const parts: { startingKit?: PartRef; publicData?: PartRef } = {};
    if (r.has('starting_kit')) {
      parts.startingKit = readPartRef(ctx, r.raw('starting_kit'), r.at('starting_kit'));
    }
    if (r.has('public_data')) {
      parts.publicData = readPartRef(ctx, r.raw('public_data'), r.at('public_data'));
    }
    const phase: PhaseModel = {
      index: 0,
      name: r.text('name', ''),
      description: r.text('description', ''),
      start: start ?? '',
      end,
      taskIndexes: taskList ?? [],
      maxSubmissionsPerDay: r.limit('max_submissions_per_day', V2_PHASE_DEFAULTS.maxSubmissionsPerDay),
      maxSubmissions,
      executionTimeLimitSec,
      autoMigrateToThisPhase: r.bool('auto_migrate_to_this_phase', false),
      hideOutput: r.bool('hide_output', false),
      hidePredictionOutput: r.bool('hide_prediction_output', false),
      hideScoreOutput: r.bool('hide_score_output', false),
      ...(r.bool('requires_gpu', false) ? { requiresGpu: true as const } : {}),
      // Documented by Codabench, never implemented there: here no prediction step runs, submissions are results.
      ...(r.bool('accepts_only_result_submissions', false) ? { scoringOnly: true as const } : {}),
      ...readPhaseOptions(r),
      ...readPhaseSolutions(r, solutionIndexes),
      ...(parts.startingKit ? { startingKit: parts.startingKit } : {}),
      ...(parts.publicData ? { publicData: parts.publicData } : {}),
    };
    placed.push({ phase, path: r.path, startKey: 'start', endKey: 'end', order });
  });
  placed.sort((a, b) => a.order - b.order);
  placed.forEach((p, i) => (p.phase.index = i));
  const first = placed[0];
  if (first?.phase.autoMigrateToThisPhase) {
    const why = 'the first phase has no earlier phase to migrate from; ignored';
    ctx.warn([...first.path, 'auto_migrate_to_this_phase'], why);
    first.phase.autoMigrateToThisPhase = false;
  }
  checkPhaseOrder(ctx, placed);
  return placed.map((p) => p.phase);
}
