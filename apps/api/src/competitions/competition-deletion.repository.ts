import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A dataset the competition names (in a task, or as a phase's starting kit or public data, or a solution). */
const NAMES_DATASET = (competition: string) => `(
  EXISTS (SELECT 1 FROM tasks t WHERE t.competition_id = ${competition}
           AND d.id IN (t.scoring_program_id, t.ingestion_program_id, t.input_data_id, t.reference_data_id))
  OR EXISTS (SELECT 1 FROM competitions mc,
                  jsonb_array_elements(CASE WHEN jsonb_typeof(mc.model->'phases') = 'array' THEN mc.model->'phases' ELSE '[]' END) p
              WHERE mc.id = ${competition}
                AND (lower(p->'startingKit'->>'key') = d.id::text OR lower(p->'publicData'->>'key') = d.id::text))
  OR EXISTS (SELECT 1 FROM competitions mc,
                  jsonb_array_elements(CASE WHEN jsonb_typeof(mc.model->'solutions') = 'array' THEN mc.model->'solutions' ELSE '[]' END) s
              WHERE mc.id = ${competition} AND lower(s->'solution'->>'key') = d.id::text))`;

export type DeletionOutcome = { deleted: true; keys: string[] } | { deleted: false; inFlight: number } | null;

/** Deleting a whole competition: its rows, the datasets no other competition names, and the keys of what they stored. */
@Injectable()
export class CompetitionDeletionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * In one transaction: the competition row is locked first (a submission arriving meanwhile waits, then finds no
   * competition), nothing happens while one of its runs is queued for or held by a worker (held runs, which wait for
   * an organizer, do not count), then every row goes (the competition's cascade, then the datasets only it named) and
   * the stored objects they named are queued for deletion in the same commit (`queue`). Null: no such competition.
   */
  async delete(
    competitionId: string,
    queue: (m: EntityManager, keys: string[]) => Promise<void>,
  ): Promise<DeletionOutcome> {
    return this.db.transaction(async (m) => {
      const found = (await m.query('SELECT id FROM competitions WHERE id = $1 FOR UPDATE', [
        competitionId,
      ])) as unknown[];
      if (found.length === 0) {
        return null;
      }
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM runs r JOIN submissions s ON s.id = r.submission_id
          WHERE s.competition_id = $1 AND r.status IN ('queued', 'running') AND r.held_at IS NULL`,
        [competitionId],
      );
      if (n > 0) {
        return { deleted: false, inFlight: n };
      }
      const rows: { key: string | null }[] = await m.query(
        `SELECT bundle_key AS key FROM competitions WHERE id = $1
         UNION SELECT logo_key FROM competitions WHERE id = $1
         UNION SELECT s.file_key FROM submissions s
                WHERE s.competition_id = $1
                  AND NOT EXISTS (SELECT 1 FROM submissions o WHERE o.file_key = s.file_key AND o.competition_id <> $1)
         UNION SELECT unnest(ARRAY[r.output_key, r.stdout_key, r.stderr_key]) FROM runs r
                 JOIN submissions s ON s.id = r.submission_id WHERE s.competition_id = $1`,
        [competitionId],
      );
      const datasets: { id: string; storage_key: string }[] = await m.query(
        `SELECT d.id, d.storage_key FROM datasets d
          WHERE ${NAMES_DATASET('$1')}
            AND NOT EXISTS (SELECT 1 FROM competitions o WHERE o.id <> $1 AND ${NAMES_DATASET('o.id')})`,
        [competitionId],
      );
      // Submissions first (with their runs): a run names its task without a cascade, so tasks must outlive runs.
      await m.query('DELETE FROM submissions WHERE competition_id = $1', [competitionId]);
      await m.query('DELETE FROM competitions WHERE id = $1', [competitionId]);
      if (datasets.length) {
        await m.query('DELETE FROM datasets WHERE id = ANY($1::uuid[])', [datasets.map((d) => d.id)]);
      }
      const keys = [...rows.map((r) => r.key), ...datasets.map((d) => d.storage_key)].filter((k): k is string => !!k);
      await queue(m, keys);
      return { deleted: true, keys };
    });
  }

  /** Runs of the competition a worker holds or is about to get. */
  async inFlight(competitionId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM runs r JOIN submissions s ON s.id = r.submission_id
        WHERE s.competition_id = $1 AND r.status IN ('queued', 'running') AND r.held_at IS NULL`,
      [competitionId],
    );
    return n;
  }
}
