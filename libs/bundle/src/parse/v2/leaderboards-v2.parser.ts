import type { ColumnModel, LeaderboardModel, SubmissionRule } from '../../competition.model';
import { MapReader } from '../map-reader';
import type { ParseContext } from '../parse-context';
import { readInt, readList, readNumber } from '../value-readers';
import { checkColumnReferences } from '../column-references';

export const SUBMISSION_RULES: readonly SubmissionRule[] = [
  'Add',
  'Add_And_Delete',
  'Add_And_Delete_Multiple',
  'Force_Last',
  'Force_Latest_Multiple',
  'Force_Best',
];
// `avg_rank` arrived in Codabench after v1.25 (official examples use it); it aggregates ranks, not scores.
// `weighted_rank` and `mrr` (with `computation_weights`) and `group` are Arena's: they carry CodaLab v1's computed
// columns and column groups through an export, so a v1 competition ranks the same after a round trip.
const COMPUTATIONS = ['avg', 'sum', 'min', 'max', 'avg_rank', 'weighted_rank', 'mrr'] as const;
const RANK_METHODS = { avg_rank: 'avgRank', weighted_rank: 'weightedRank', mrr: 'mrr' } as const;
export const LEADERBOARD_KEYS = ['title', 'key', 'columns', 'submission_rule', 'hidden', 'primary_index', 'index'];
export const COLUMN_KEYS = [
  'title',
  'key',
  'index',
  'sorting',
  'computation',
  'computation_indexes',
  'computation_weights',
  'precision',
  'hidden',
  'group',
];

/** Every leaderboard is kept (Codabench attached only the first one to phases). */
export function parseLeaderboardsV2(ctx: ParseContext, items: readonly unknown[]): LeaderboardModel[] {
  const boards: (LeaderboardModel & { order: number })[] = [];
  const keys = new Map<string, number>();
  items.forEach((item, i) => {
    const r = MapReader.of(ctx, item, ['leaderboards', i], LEADERBOARD_KEYS);
    if (!r) {
      return;
    }
    r.warnUnknown();
    const title = r.string('title', { required: true, max: 64 });
    const key = r.string('key', { required: true, max: 36 });
    if (key !== undefined) {
      if (keys.has(key)) {
        ctx.error(r.at('key'), `leaderboard key ${key} is used twice (also leaderboards[${keys.get(key)}])`);
      } else {
        keys.set(key, i);
      }
    }
    const columns = parseColumns(ctx, r);
    const primaryIndex = r.int('primary_index', 0, 0);
    const primary = columns.find((c) => c.index === primaryIndex);
    if (columns.length > 0 && !primary) {
      const what = r.has('primary_index') ? `primary_index ${primaryIndex}` : 'the default primary_index 0';
      ctx.error(r.at(r.has('primary_index') ? 'primary_index' : 'columns'), `${what} is not the index of a column`);
    } else if (primary?.hidden) {
      const why = `the primary column ${primary.key} is hidden: participants cannot see what ranks them`;
      ctx.warn(r.at('primary_index'), why);
    }
    boards.push({
      // Boards are shown in the order of their `index` (Codabench's dumps write one; its importer ignored it), else
      // in the order listed.
      order: r.int('index', i, 0),
      key: key ?? '',
      title: title ?? '',
      index: i,
      hidden: r.bool('hidden', false),
      primaryIndex,
      submissionRule: r.oneOf('submission_rule', SUBMISSION_RULES, 'Add'),
      columns,
    });
  });
  return [...boards]
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...board }, index) => ({ ...board, index }));
}

function parseColumns(ctx: ParseContext, board: MapReader): ColumnModel[] {
  const list = board.list('columns', { required: true });
  if (!list) {
    return [];
  }
  if (list.length === 0) {
    ctx.error(board.at('columns'), 'a leaderboard needs at least one column');
  }
  const columns: ColumnModel[] = [];
  const paths = new Map<ColumnModel, readonly (string | number)[]>();
  const keys = new Map<string, number>();
  const indexes = new Map<number, number>();
  list.forEach((item, j) => {
    const r = MapReader.of(ctx, item, board.at('columns', j), COLUMN_KEYS);
    if (!r) {
      return;
    }
    r.warnUnknown();
    const key = r.string('key', { required: true, max: 36 });
    if (key !== undefined) {
      if (keys.has(key)) {
        ctx.error(r.at('key'), `column key ${key} is used twice in this leaderboard (also columns[${keys.get(key)}])`);
      } else {
        keys.set(key, j);
      }
    }
    const title = r.string('title', { required: true, max: 36 });
    let index: number;
    if (r.has('index')) {
      index = r.int('index', j, 0);
    } else {
      index = j;
      ctx.warn(r.at('index'), `index is missing; using the column's position, ${j}`);
    }
    if (indexes.has(index)) {
      ctx.error(r.at('index'), `column index ${index} is used twice (also columns[${indexes.get(index)}])`);
    } else {
      indexes.set(index, j);
    }
    const precision = r.int('precision', 2, 0);
    if (precision > 10) {
      ctx.warn(r.at('precision'), `${precision} decimals is more than a score carries (10)`);
    }
    const column: ColumnModel = {
      key: key ?? '',
      title: title ?? '',
      index,
      sorting: r.oneOf('sorting', ['desc', 'asc'] as const, 'desc'),
      precision,
      hidden: r.bool('hidden', false),
    };
    const group = r.string('group', { max: 64 });
    if (group !== undefined) {
      column.group = group;
    }
    const computation = r.has('computation') ? r.oneOf('computation', COMPUTATIONS, 'avg') : undefined;
    const sources = readComputationIndexes(ctx, r, computation !== undefined);
    const weights = readWeights(ctx, r, computation === 'weighted_rank', sources);
    if (computation === 'avg_rank' || computation === 'weighted_rank' || computation === 'mrr') {
      const method = RANK_METHODS[computation];
      if (sources) {
        column.rankAggregate = { method, indexes: sources, ...(weights ? { weights } : {}) };
      }
    } else if (computation) {
      column.computation = computation;
      if (sources) {
        column.computationIndexes = sources;
      }
    }
    columns.push(column);
    paths.set(column, r.path);
  });
  checkColumnReferences(ctx, columns, (c) => [...paths.get(c)!, 'computation_indexes']);
  return columns;
}

/** `computation_indexes: [1, 2]` (a list; Codabench also stored "1,2", which is accepted). */
function readComputationIndexes(ctx: ParseContext, r: MapReader, computed: boolean): number[] | undefined {
  if (!r.has('computation_indexes')) {
    if (computed) {
      ctx.error(r.at('computation_indexes'), 'computation_indexes is required with computation');
    }
    return undefined;
  }
  if (!computed) {
    ctx.warn(r.at('computation_indexes'), 'is ignored: the column has no computation');
    return undefined;
  }
  const raw = r.raw('computation_indexes');
  const text = typeof raw === 'string';
  const list = text ? raw.split(',').map((s) => s.trim()) : readList(ctx, raw, r.at('computation_indexes'));
  if (!list) {
    return undefined;
  }
  if (list.length === 0) {
    ctx.error(r.at('computation_indexes'), 'must list at least one column index');
    return undefined;
  }
  const out: number[] = [];
  list.forEach((v, k) => {
    const n = readInt(ctx, v, text ? r.at('computation_indexes') : r.at('computation_indexes', k), 0);
    if (n !== undefined) {
      out.push(n);
    }
  });
  return out.length === list.length ? out : undefined;
}

/** `computation_weights: [0.25, 0.75]`, one per computation index; only `weighted_rank` reads them. */
function readWeights(
  ctx: ParseContext,
  r: MapReader,
  weighted: boolean,
  sources: number[] | undefined,
): number[] | undefined {
  if (!r.has('computation_weights')) {
    if (weighted) {
      ctx.error(r.at('computation_weights'), 'computation_weights is required with weighted_rank');
    }
    return undefined;
  }
  if (!weighted) {
    ctx.warn(r.at('computation_weights'), 'is ignored: only computation weighted_rank reads weights');
    return undefined;
  }
  const list = readList(ctx, r.raw('computation_weights'), r.at('computation_weights'));
  if (!list) {
    return undefined;
  }
  const out: number[] = [];
  list.forEach((v, k) => {
    const n = readNumber(ctx, v, r.at('computation_weights', k));
    if (n !== undefined) {
      out.push(n);
    }
  });
  if (out.length !== list.length) {
    return undefined;
  }
  if (sources && out.length !== sources.length) {
    ctx.error(r.at('computation_weights'), `has ${out.length} weights for ${sources.length} computation indexes`);
    return undefined;
  }
  return out;
}
