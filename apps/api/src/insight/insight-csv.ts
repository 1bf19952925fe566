import { csvRecord } from '@api/common/csv';
import type { InsightDto } from './dto/insight.dto';

/**
 * The insight as one long CSV (section, phase, key, value), a shape every spreadsheet and script reads: one row per
 * figure, so new figures add rows and never columns.
 */
export function insightCsv(i: InsightDto): string {
  const rows: (string | number | null)[][] = [['section', 'phase', 'key', 'value']];
  for (const [k, v] of Object.entries(i.totals)) {
    rows.push(['totals', null, k, v]);
  }
  for (const d of i.submissionsPerDay) {
    rows.push(['submissions_per_day', null, d.day, d.submissions]);
    rows.push(['failed_per_day', null, d.day, d.failed]);
    rows.push(['submitters_per_day', null, d.day, d.submitters]);
  }
  for (const f of i.failures) {
    rows.push(['failures', null, f.cause, f.count]);
  }
  for (const [name, dist] of [
    ['queue_wait_sec', i.queueWait],
    ['run_time_sec', i.runTime],
  ] as const) {
    for (const k of ['count', 'p50', 'p90', 'p99', 'max'] as const) {
      rows.push([name, null, k, dist[k]]);
    }
    for (const b of dist.histogram) {
      rows.push([`${name}_histogram`, null, `${b.fromSec}-${b.toSec ?? ''}`, b.count]);
    }
  }
  for (const p of i.scoreProgress) {
    for (const point of p.points) {
      rows.push([`best_${p.board}_${p.column}`, p.phaseName, point.at, point.best]);
    }
  }
  return rows.map(csvRecord).join('');
}
