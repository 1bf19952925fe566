import { isComputed } from './column-def';
import { LeaderboardError } from './leaderboard.error';
import { ColumnDef, RankingPolicy, RankOptions } from './leaderboard.types';

const SORTINGS: readonly string[] = ['asc', 'desc'];
const COMPUTATIONS: readonly string[] = ['avg', 'sum', 'min', 'max', 'weighted'];
const RANK_AGGREGATES: readonly string[] = ['avgRank', 'weightedRank', 'mrr'];

/** Throws a `LeaderboardError` (INVALID_COLUMNS) listing every problem of the column set. */
export function validateColumns(columns: readonly ColumnDef[]): void {
  const problems: string[] = [];
  const byKey = new Map<string, ColumnDef>();
  columns.forEach((column, i) => {
    if (!column.key) {
      problems.push(`column #${i}: key is empty`);
    } else if (byKey.has(column.key)) {
      problems.push(`column "${column.key}": key is declared twice`);
    } else {
      byKey.set(column.key, column);
    }
  });
  for (const column of columns) {
    problems.push(...columnProblems(column, byKey));
  }
  if (problems.length > 0) {
    throw new LeaderboardError('INVALID_COLUMNS', problems);
  }
}

function columnProblems(column: ColumnDef, byKey: ReadonlyMap<string, ColumnDef>): string[] {
  const name = `column "${column.key}"`;
  const problems: string[] = [];
  if (!SORTINGS.includes(column.sorting)) {
    problems.push(`${name}: sorting must be asc or desc, got "${String(column.sorting)}"`);
  }
  if (column.precision !== undefined && !(Number.isInteger(column.precision) && column.precision >= 0)) {
    problems.push(`${name}: precision must be a non-negative integer`);
  }
  if (column.computation !== undefined && !COMPUTATIONS.includes(column.computation)) {
    problems.push(`${name}: unknown computation "${String(column.computation)}"`);
  }
  if (column.rankAggregate !== undefined && !RANK_AGGREGATES.includes(column.rankAggregate)) {
    problems.push(`${name}: unknown rankAggregate "${String(column.rankAggregate)}"`);
  }
  if (column.computation !== undefined && column.rankAggregate !== undefined) {
    problems.push(`${name}: set either computation or rankAggregate, not both`);
  }
  if (!isComputed(column)) {
    if (column.computationKeys !== undefined || column.weights !== undefined) {
      problems.push(`${name}: computationKeys and weights need a computation or a rankAggregate`);
    }
    return problems;
  }
  return [...problems, ...sourceProblems(column, byKey), ...weightProblems(column)];
}

function sourceProblems(column: ColumnDef, byKey: ReadonlyMap<string, ColumnDef>): string[] {
  const name = `column "${column.key}"`;
  const keys = column.computationKeys ?? [];
  if (keys.length === 0) {
    return [`${name}: a computed column needs at least one key in computationKeys`];
  }
  const problems: string[] = [];
  const duplicates = keys.filter((key, i) => keys.indexOf(key) !== i);
  const unknown = keys.filter((key) => !byKey.has(key));
  // v1 refuses these too (SubmissionComputedScoreField.save): chains would make the evaluation order matter.
  const computed = keys.filter((key) => key !== column.key && byKey.has(key) && isComputed(byKey.get(key)!));
  if (keys.includes(column.key)) {
    problems.push(`${name}: computationKeys reference the column itself`);
  }
  if (duplicates.length > 0) {
    problems.push(`${name}: computationKeys list ${quote(duplicates)} more than once`);
  }
  if (unknown.length > 0) {
    problems.push(`${name}: computationKeys reference unknown column(s) ${quote(unknown)}`);
  }
  if (computed.length > 0) {
    problems.push(
      `${name}: depends on computed column(s) ${quote(computed)}; a computed column reads input columns only`,
    );
  }
  return problems;
}

function weightProblems(column: ColumnDef): string[] {
  const name = `column "${column.key}"`;
  const weighted = column.computation === 'weighted' || column.rankAggregate === 'weightedRank';
  const weights = column.weights;
  if (!weighted) {
    return weights === undefined ? [] : [`${name}: weights are only used by weighted and weightedRank`];
  }
  if (weights === undefined) {
    return [`${name}: weights are required`];
  }
  const problems: string[] = [];
  if (weights.length !== (column.computationKeys ?? []).length) {
    problems.push(`${name}: ${weights.length} weight(s) for ${(column.computationKeys ?? []).length} key(s)`);
  }
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) {
    problems.push(`${name}: weights must be finite and non-negative`);
  } else if (weights.reduce((sum, w) => sum + w, 0) <= 0) {
    problems.push(`${name}: weights must not all be zero`);
  }
  return problems;
}

/** Throws a `LeaderboardError` (INVALID_OPTIONS) when the options name unknown columns or a bad epsilon. */
export function validateRankOptions(columns: readonly ColumnDef[], options: RankOptions): void {
  const known = new Set(columns.map((c) => c.key));
  const order = [options.primaryKey, ...(options.tieBreakKeys ?? [])];
  const problems: string[] = [];
  const unknown = order.filter((key) => !known.has(key));
  const repeated = order.filter((key, i) => order.indexOf(key) !== i);
  if (unknown.length > 0) {
    problems.push(`unknown column(s) ${quote(unknown)}`);
  }
  if (repeated.length > 0) {
    problems.push(`column(s) ${quote(repeated)} appear more than once in primaryKey and tieBreakKeys`);
  }
  problems.push(...policyProblems(options));
  if (problems.length > 0) {
    throw new LeaderboardError('INVALID_OPTIONS', problems);
  }
}

export function validatePolicy(policy: RankingPolicy): void {
  const problems = policyProblems(policy);
  if (problems.length > 0) {
    throw new LeaderboardError('INVALID_OPTIONS', problems);
  }
}

function policyProblems(policy: RankingPolicy): string[] {
  const problems: string[] = [];
  if (policy.tiePolicy !== undefined && policy.tiePolicy !== 'dense' && policy.tiePolicy !== 'standard') {
    problems.push(`tiePolicy must be dense or standard, got "${String(policy.tiePolicy)}"`);
  }
  if (policy.epsilon !== undefined && !(Number.isFinite(policy.epsilon) && policy.epsilon >= 0)) {
    problems.push('epsilon must be a finite non-negative number');
  }
  return problems;
}

function quote(keys: readonly string[]): string {
  return [...new Set(keys)].map((key) => `"${key}"`).join(', ');
}
