import type { ColumnModel, LeaderboardModel, SubmissionRule } from '../../competition.model';
import type { YamlPath } from '../../problems/yaml-path';
import { warnNoEffect } from '../competition-options';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { splitList } from '../plain-data';
import { isPlainMap, readNumber } from '../value-readers';

export const TOP_KEYS = ['leaderboards', 'column_groups', 'columns'];
export const BOARD_KEYS = ['label', 'rank'];
export const COLUMN_KEYS = [
  'leaderboard',
  'label',
  'rank',
  'sort',
  'numeric_format',
  'selection_default',
  'column_group',
  'computed',
  'hidden',
  'show_rank',
  'description',
];
export const COMPUTED_KEYS = ['operation', 'fields', 'weights'];

interface Board {
  key: string;
  label: string;
  rank: number;
}

interface RawColumn {
  key: string;
  r: MapReader;
  board: Board;
  rank: number;
  selectionDefault: number;
  model: ColumnModel;
  computed?: { operation: 'Avg' | 'MRR' | 'Max'; fields: string[]; weights?: number[]; path: YamlPath };
  extra: Record<string, unknown>;
}

export interface V1Leaderboards {
  leaderboards: LeaderboardModel[];
  /** What CodaLab ranked or displayed with and the model has no field for: kept, not dropped. */
  extra: Record<string, unknown>;
}

/**
 * The v1 `leaderboard:` block (ANCHORS §1.2.3). Columns attach to boards by label (YAML aliases give `{label, rank}`),
 * are ordered by rank and renumbered per board; `computed: Avg|MRR` columns become rank aggregates over their fields,
 * and the highest `selection_default` names the primary column (Codabench lost all three).
 */
export function parseLeaderboardV1(
  ctx: ParseContext,
  value: unknown,
  submissionRule: SubmissionRule,
  hiddenColumns: ReadonlySet<string>,
): V1Leaderboards {
  const empty = { leaderboards: [], extra: {} };
  const r = MapReader.of(ctx, value, ['leaderboard'], TOP_KEYS);
  if (!r) {
    return empty;
  }
  r.warnUnknown();
  const boards = readBoards(ctx, r, 'leaderboards');
  const groups = readBoards(ctx, r, 'column_groups');
  const hasBoth =
    r.required('leaderboards', 'leaderboard.leaderboards') && r.required('columns', 'leaderboard.columns');
  if (!hasBoth) {
    return empty;
  }
  if (boards.length === 0) {
    ctx.error(r.at('leaderboards'), 'at least one leaderboard is required');
    return empty;
  }
  const columnsMap = r.map('columns') ?? {};
  const columns: RawColumn[] = [];
  Object.entries(columnsMap).forEach(([key, item], position) => {
    const cr = MapReader.of(ctx, item, ['leaderboard', 'columns', key], COLUMN_KEYS);
    if (!cr) {
      return;
    }
    cr.warnUnknown();
    const board = resolveBoard(ctx, cr, boards);
    if (!board) {
      return;
    }
    const computed = readComputed(ctx, cr);
    const numericFormat = cr.int('numeric_format', 2, 0);
    const model: ColumnModel = {
      key,
      title: cr.text('label', key),
      index: 0,
      sorting: cr.oneOf('sort', ['desc', 'asc'] as const, 'desc'),
      precision: numericFormat,
      hidden: cr.bool('hidden', false) || hiddenColumns.has(key),
    };
    if (cr.says('show_rank', true)) {
      warnNoEffect(
        ctx,
        cr.at('show_rank'),
        "scores are shown without a rank of their own; a row's rank is the board's",
      );
    }
    if (cr.text('description', '').trim() !== '') {
      warnNoEffect(ctx, cr.at('description'), 'column descriptions are not shown');
    }
    const rank = cr.int('rank', position + 1);
    const selectionDefault = cr.int('selection_default', 0);
    const group = cr.has('column_group') ? resolveGroup(ctx, cr, groups) : undefined;
    if (group) {
      model.group = group.label;
    }
    const extra: Record<string, unknown> = {
      leaderboard: board.key,
      rank,
      numeric_format: numericFormat,
      selection_default: selectionDefault,
      show_rank: cr.bool('show_rank', !computed),
      ...(group ? { column_group: group.key } : {}),
      ...(computed ? { computed: computedExtra(computed) } : {}),
    };
    columns.push({ key, r: cr, board, rank, selectionDefault, model, ...(computed ? { computed } : {}), extra });
  });
  const leaderboards = boards.map((board, index) => {
    const own = columns.filter((c) => c.board === board).sort((a, b) => a.rank - b.rank);
    own.forEach((c, i) => (c.model.index = i));
    own.forEach((c) => linkComputed(ctx, c, own, columns, Object.keys(columnsMap)));
    if (own.length === 0) {
      ctx.warn(['leaderboard', 'leaderboards', board.key], `leaderboard ${board.key} has no columns`);
    }
    // CodaLab ranked by the column with the highest selection_default, or else the first one.
    const primary = own.reduce<RawColumn | undefined>(
      (best, c) => (!best || c.selectionDefault > best.selectionDefault ? c : best),
      undefined,
    );
    const model: LeaderboardModel = {
      key: board.key,
      title: board.label,
      index,
      hidden: false,
      primaryIndex: primary?.model.index ?? 0,
      submissionRule,
      columns: own.map((c) => c.model),
    };
    return model;
  });
  const extra = {
    leaderboards: byKey(boards),
    ...(groups.length > 0 ? { column_groups: byKey(groups) } : {}),
    columns: Object.fromEntries(columns.map((c) => [c.key, c.extra])),
  };
  return { leaderboards, extra };
}

function readBoards(ctx: ParseContext, r: MapReader, key: string): Board[] {
  const map = r.map(key);
  if (!map) {
    return [];
  }
  const boards: Board[] = [];
  Object.entries(map).forEach(([k, v], position) => {
    const br = MapReader.of(ctx, v ?? {}, r.at(key, k), BOARD_KEYS);
    if (!br) {
      return;
    }
    br.warnUnknown();
    boards.push({ key: k, label: br.text('label', k), rank: br.int('rank', position + 1) });
  });
  return boards.sort((a, b) => a.rank - b.rank);
}

/** `leaderboard: *RESULTS` (a `{label, rank}` map) or the board's key or label as text; matched case-insensitively. */
function resolveBoard(ctx: ParseContext, cr: MapReader, boards: readonly Board[]): Board | undefined {
  if (!cr.has('leaderboard')) {
    if (boards.length === 1) {
      ctx.warn(cr.at('leaderboard'), `leaderboard is missing; the column goes on the only one, ${boards[0].key}`);
      return boards[0];
    }
    ctx.error(cr.at('leaderboard'), 'leaderboard is required: name one of leaderboard.leaderboards');
    return undefined;
  }
  const found = matchByLabel(cr.raw('leaderboard'), boards);
  if (!found) {
    const names = boards.map((b) => b.label).join(', ');
    ctx.error(cr.at('leaderboard'), `does not match any leaderboard of leaderboard.leaderboards (labels: ${names})`);
  }
  return found;
}

function resolveGroup(ctx: ParseContext, cr: MapReader, groups: readonly Board[]): Board | undefined {
  const found = matchByLabel(cr.raw('column_group'), groups);
  if (!found) {
    ctx.error(cr.at('column_group'), 'does not match any group of leaderboard.column_groups');
  }
  return found;
}

function matchByLabel(raw: unknown, boards: readonly Board[]): Board | undefined {
  const wanted = isPlainMap(raw) ? raw.label : raw;
  if (typeof wanted !== 'string' && typeof wanted !== 'number') {
    return undefined;
  }
  const w = String(wanted).trim().toLowerCase();
  return boards.find((b) => b.label.toLowerCase() === w) ?? boards.find((b) => b.key.toLowerCase() === w);
}

function readComputed(ctx: ParseContext, cr: MapReader): RawColumn['computed'] {
  if (!cr.has('computed')) {
    return undefined;
  }
  const r = MapReader.of(ctx, cr.raw('computed'), cr.at('computed'), COMPUTED_KEYS);
  if (!r) {
    return undefined;
  }
  r.warnUnknown();
  const operation = r.oneOf('operation', ['Avg', 'MRR', 'Max'] as const, 'Avg');
  if (!r.required('operation') || !r.required('fields')) {
    return undefined;
  }
  const fields = splitList(r.raw('fields'));
  if (!fields || fields.length === 0) {
    ctx.error(r.at('fields'), 'must list the columns to compute from, e.g. "set1_score, set2_score"');
    return undefined;
  }
  let weights: number[] | undefined;
  if (r.has('weights')) {
    const raw = splitList(r.raw('weights')) ?? [];
    const parsed = raw.map((w) => readNumber(ctx, w, r.at('weights')));
    if (parsed.some((w) => w === undefined)) {
      return undefined;
    }
    weights = parsed as number[];
    if (weights.length !== fields.length) {
      ctx.error(r.at('weights'), `has ${weights.length} weights for ${fields.length} fields`);
      return undefined;
    }
  }
  return { operation, fields, ...(weights ? { weights } : {}), path: r.path };
}

function linkComputed(
  ctx: ParseContext,
  column: RawColumn,
  board: readonly RawColumn[],
  all: readonly RawColumn[],
  declared: readonly string[],
): void {
  const { computed } = column;
  if (!computed) {
    return;
  }
  const indexes: number[] = [];
  for (const field of computed.fields) {
    const target = board.find((c) => c.key === field);
    if (!target && declared.includes(field) && !all.some((c) => c.key === field)) {
      // The field's own definition is broken and was reported; do not add a second error for it.
      return;
    } else if (!target) {
      const elsewhere = all.some((c) => c.key === field);
      const where = elsewhere ? ' (it is on another one)' : '';
      ctx.error([...computed.path, 'fields'], `${field} is not a column of leaderboard ${column.board.key}${where}`);
    } else if (target === column) {
      ctx.error([...computed.path, 'fields'], `column ${column.key} cannot compute from itself`);
    } else if (target.computed) {
      const why = `${field} is itself computed; a computed column reads plain columns only`;
      ctx.error([...computed.path, 'fields'], why);
    } else {
      indexes.push(target.model.index);
    }
  }
  if (indexes.length !== computed.fields.length) {
    return;
  }
  if (computed.operation === 'Max') {
    const why = 'Max was never implemented by CodaLab; the column is kept as a plain column';
    ctx.warn([...computed.path, 'operation'], why);
    return;
  }
  const { weights } = computed;
  column.model.rankAggregate =
    computed.operation === 'MRR'
      ? { method: 'mrr', indexes }
      : weights
        ? { method: 'weightedRank', indexes, weights }
        : { method: 'avgRank', indexes };
  if (weights && computed.operation === 'MRR') {
    ctx.warn([...computed.path, 'weights'], 'weights are ignored with MRR (CodaLab applied them to Avg only)');
  }
  if (column.model.rankAggregate.method !== 'mrr' && column.model.sorting === 'desc') {
    ctx.warn(
      column.r.at('sort'),
      'an average rank is best when low, but the column sorts desc (the default), so CodaLab ranked the worst first; ' +
        'write sort: asc',
    );
  }
}

function byKey(boards: readonly Board[]): Record<string, { label: string; rank: number }> {
  return Object.fromEntries(boards.map((b) => [b.key, { label: b.label, rank: b.rank }]));
}

function computedExtra(computed: NonNullable<RawColumn['computed']>): Record<string, unknown> {
  const { operation, fields, weights } = computed;
  return { operation, fields, ...(weights ? { weights } : {}) };
}
