import type { ColumnModel } from '../competition.model';
import type { YamlPath } from '../problems/yaml-path';
import type { ParseContext } from './parse-context';

/**
 * A computed column (score computation or rank aggregate) reads other columns of its leaderboard: each index must
 * exist, must not be the column itself, and must not be another computed column (the order of evaluation would
 * then matter, and CodaLab refused it too).
 */
export function checkColumnReferences(
  ctx: ParseContext,
  columns: readonly ColumnModel[],
  pathOf: (c: ColumnModel) => YamlPath,
): void {
  const byIndex = new Map(columns.map((c) => [c.index, c]));
  for (const column of columns) {
    const refs = column.computationIndexes ?? column.rankAggregate?.indexes;
    if (!refs) {
      continue;
    }
    for (const ref of refs) {
      const target = byIndex.get(ref);
      if (ref === column.index) {
        ctx.error(pathOf(column), `column ${column.key} cannot compute from itself (index ${ref})`);
      } else if (!target) {
        ctx.error(pathOf(column), `column index ${ref} does not exist in this leaderboard`);
      } else if (target.computation || target.rankAggregate) {
        ctx.error(pathOf(column), `column ${column.key} reads ${target.key}, which is itself computed`);
      }
    }
  }
}
