/**
 * Input and output shapes of the ranking library. They are declared here rather than imported from @arena/bundle so
 * that libs stay independent; a bundle `ColumnModel` is structurally a `ColumnDef` (see `columnsFromIndexed` for its
 * `computationIndexes`).
 */
export type Sorting = 'asc' | 'desc';

/** Aggregates of the scores of other columns (Codabench `computation`, plus a weighted sum). */
export type ScoreComputation = 'avg' | 'sum' | 'min' | 'max' | 'weighted';

/** Aggregates of the per-column ranks of other columns (CodaLab v1 computed `Avg` and `MRR`). */
export type RankAggregate = 'avgRank' | 'weightedRank' | 'mrr';

/** `dense` is CodaLab v1 ("1 1 2"); `standard` is competition ranking ("1 1 3"). */
export type TiePolicy = 'dense' | 'standard';

export interface ColumnDef {
  key: string;
  title?: string;
  /**
   * Direction of the column. Ignored for rank aggregates, whose direction follows from the aggregate (avgRank and
   * weightedRank: lower is better; mrr: higher is better): v1 made authors write `sort: asc` for Avg and boards that
   * forgot it ranked the worst participant first.
   */
  sorting: Sorting;
  /** Display only (see `formatScore`); ranking always uses full values. */
  precision?: number;
  hidden?: boolean;
  /** Header group (v1 `column_groups`); carried for display, unused by ranking. */
  group?: string;
  computation?: ScoreComputation;
  /** Input columns a computed column reads; they may not themselves be computed. */
  computationKeys?: string[];
  /** Aligned with `computationKeys`; required by `weighted` and `weightedRank`, refused elsewhere. */
  weights?: number[];
  rankAggregate?: RankAggregate;
}

export interface ScoreEntry {
  id: string;
  /** Whatever the caller groups by: a participant or a team. */
  participantId: string;
  submittedAt: string | Date;
  scores: Record<string, number | null | undefined>;
  /** A failed entry has no usable score: every column ranks it last. */
  failed?: boolean;
}

export interface RankingPolicy {
  /** Default `dense`, as CodaLab v1, the only prior platform that shares ranks. */
  tiePolicy?: TiePolicy;
  /** Values within epsilon of the first value of a tie group share its rank. Default 1e-12, as v1. */
  epsilon?: number;
}

export interface RankOptions extends RankingPolicy {
  primaryKey: string;
  /** Columns that order entries tied on the primary column, in order; each uses its own sorting. */
  tieBreakKeys?: string[];
}

export interface RankedRow {
  /** Shared by rows equal on the primary and every tie-break column; null when the primary score is missing. */
  rank: number | null;
  id: string;
  participantId: string;
  /** ISO 8601 (UTC). */
  submittedAt: string;
  /**
   * Every declared column, computed and hidden ones included (the caller decides what a viewer sees); null when
   * missing, non-finite or failed.
   */
  scores: Record<string, number | null>;
  /** Each column's own rank among the ranked entries (tie policy and epsilon of the options); null when missing. */
  columnRanks: Record<string, number | null>;
}

/** An entry whose scores hold only declared columns, as numbers or null, computed columns included. */
export type ScoredEntry<E extends ScoreEntry = ScoreEntry> = Omit<E, 'scores'> & {
  scores: Record<string, number | null>;
};
