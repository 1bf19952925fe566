import type { PartRef, SolutionModel, TaskModel } from '../../competition.model';
import { warnNoEffect } from '../competition-options';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readDataRef, readPartRef } from '../part-ref';
import { readInt, readList } from '../value-readers';

export const TASK_KEYS = [
  'index',
  'key',
  'name',
  'description',
  'scoring_program',
  'ingestion_program',
  'input_data',
  'reference_data',
  'ingestion_only_during_scoring',
  // Written by Codabench's exporter and ignored by its importer.
  'is_public',
];
const TASK_FILES = ['scoring_program', 'ingestion_program', 'input_data', 'reference_data'] as const;
export const SOLUTION_KEYS = ['index', 'tasks', 'path', 'key', 'name', 'description'];

export function parseTasksV2(ctx: ParseContext, items: readonly unknown[]): TaskModel[] {
  const tasks: TaskModel[] = [];
  const seen = new Map<number, number>();
  items.forEach((item, i) => {
    const r = MapReader.of(ctx, item, ['tasks', i], TASK_KEYS);
    if (!r) {
      return;
    }
    r.warnUnknown();
    const index = r.required('index') ? readInt(ctx, r.raw('index'), r.at('index'), 0) : undefined;
    if (index !== undefined) {
      if (seen.has(index)) {
        ctx.error(r.at('index'), `task index ${index} is used twice (also tasks[${seen.get(index)}])`);
      } else {
        seen.set(index, i);
      }
    }
    const name = r.text('name', '');
    const description = r.text('description', '');
    if (r.says('is_public', true)) {
      warnNoEffect(
        ctx,
        r.at('is_public'),
        "tasks are not shared with other organizers here; name a task's datasets by key instead",
      );
    }
    if (r.has('key')) {
      const key = r.string('key');
      for (const k of [...TASK_FILES, 'ingestion_only_during_scoring']) {
        if (r.has(k)) {
          ctx.warn(r.at(k), `${k} is ignored: the task is the existing task named by key`);
        }
      }
      if (index !== undefined && key) {
        tasks.push({ index, key: key.trim(), name, description, ingestionOnlyDuringScoring: false });
      }
      return;
    }
    const refs: Partial<Record<(typeof TASK_FILES)[number], PartRef>> = {};
    for (const k of TASK_FILES) {
      const read = k === 'reference_data' || k === 'input_data' ? readDataRef : readPartRef;
      if (r.has(k)) {
        refs[k] = read(ctx, r.raw(k), r.at(k));
      } else if (k === 'scoring_program') {
        ctx.error(r.at(k), 'scoring_program is required (or key, to reuse a task of the platform)');
      }
    }
    const ingestionOnlyDuringScoring = r.bool('ingestion_only_during_scoring', false);
    if (ingestionOnlyDuringScoring && !r.has('ingestion_program')) {
      ctx.warn(r.at('ingestion_only_during_scoring'), 'has no effect: the task has no ingestion_program');
    }
    if (index === undefined) {
      return;
    }
    tasks.push({
      index,
      name,
      description,
      ...(refs.scoring_program ? { scoringProgram: refs.scoring_program } : {}),
      ...(refs.ingestion_program ? { ingestionProgram: refs.ingestion_program } : {}),
      ...(refs.input_data ? { inputData: refs.input_data } : {}),
      ...(refs.reference_data ? { referenceData: refs.reference_data } : {}),
      ingestionOnlyDuringScoring,
    });
  });
  return tasks;
}

export function parseSolutionsV2(
  ctx: ParseContext,
  items: readonly unknown[],
  taskIndexes: ReadonlySet<number>,
): SolutionModel[] {
  const solutions: SolutionModel[] = [];
  const seen = new Map<number, number>();
  items.forEach((item, i) => {
    const r = MapReader.of(ctx, item, ['solutions', i], SOLUTION_KEYS);
    if (!r) {
      return;
    }
    r.warnUnknown();
    const index = r.required('index') ? readInt(ctx, r.raw('index'), r.at('index'), 0) : undefined;
    if (index !== undefined) {
      if (seen.has(index)) {
        ctx.error(r.at('index'), `solution index ${index} is used twice (also solutions[${seen.get(index)}])`);
      } else {
        seen.set(index, i);
      }
    }
    const tasks = readTaskIndexes(ctx, r, taskIndexes);
    let solution: PartRef | undefined;
    if (r.has('key')) {
      if (r.has('path')) {
        ctx.warn(r.at('path'), 'path is ignored: key names an existing solution');
      }
      const key = r.string('key');
      if (key) {
        solution = { key: key.trim() };
      }
    } else if (r.has('path')) {
      solution = readPartRef(ctx, r.raw('path'), r.at('path'));
    } else {
      ctx.error(r.path, 'a solution needs a path (a .zip or folder in the bundle) or a key');
    }
    if (index === undefined || !tasks || !solution) {
      return;
    }
    const name = r.text('name', '');
    solutions.push({ index, name, description: r.text('description', ''), taskIndexes: tasks, solution });
  });
  return solutions;
}

/** `tasks: [0, 2]` of a phase or a solution: each must be a task index declared under `tasks`. */
export function readTaskIndexes(
  ctx: ParseContext,
  r: MapReader,
  taskIndexes: ReadonlySet<number>,
): number[] | undefined {
  if (!r.required('tasks')) {
    return undefined;
  }
  const list = readList(ctx, r.raw('tasks'), r.at('tasks'));
  if (!list) {
    return undefined;
  }
  if (list.length === 0) {
    ctx.error(r.at('tasks'), 'must list at least one task index');
    return undefined;
  }
  const out: number[] = [];
  let ok = true;
  list.forEach((v, j) => {
    const n = readInt(ctx, v, r.at('tasks', j), 0);
    if (n === undefined) {
      ok = false;
    } else if (!taskIndexes.has(n)) {
      ctx.error(r.at('tasks', j), `task index ${n} does not exist${knownIndexes(taskIndexes)}`);
      ok = false;
    } else if (out.includes(n)) {
      ctx.warn(r.at('tasks', j), `task index ${n} is listed twice`);
    } else {
      out.push(n);
    }
  });
  return ok ? out : undefined;
}

function knownIndexes(indexes: ReadonlySet<number>): string {
  if (indexes.size === 0) {
    return '; no task is declared';
  }
  return `; declared task indexes: ${[...indexes].sort((a, b) => a - b).join(', ')}`;
}
