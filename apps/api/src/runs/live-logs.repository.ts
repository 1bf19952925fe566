import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LogStream } from '@arena/worker-protocol';

export interface LogChunk {
  runId: string;
  stream: LogStream;
  offset: number;
  data: string;
}

/** Log text as it arrives from a running container, in order, so a submitter can follow it live. */
@Injectable()
export class LiveLogsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends a chunk that starts where the stored text ends; a retried chunk (same offset) changes nothing, and a
   * chunk that would leave a gap is refused. Returns the length of the stream after the call.
   *
   * One statement, no lock: a follower waits for this on every line printed, so it costs one round trip and reads
   * only the last chunk (the key's index), however long the log already is. The check and the insert see the same
   * snapshot: a chunk is stored only where the committed text ends, and two sends of one offset meet on the key
   * (the second stores nothing), so the stored chunks stay contiguous without serializing the writers.
   */
  async append(
    runId: string,
    stream: LogStream,
    offset: number,
    data: string,
    maxBytes: number,
  ): Promise<{ length: number; stored: boolean }> {
    const [row]: { length: string; stored: boolean }[] = await this.db.query(
      `WITH last AS (
         SELECT coalesce((SELECT "offset" + octet_length(data) FROM run_log_chunks
                           WHERE run_id = $1 AND stream = $2 ORDER BY "offset" DESC LIMIT 1), 0)::bigint AS length
       ), added AS (
         INSERT INTO run_log_chunks (run_id, stream, "offset", data)
         SELECT $1, $2, $3, $4 FROM last WHERE last.length = $3 AND last.length < $5
         ON CONFLICT DO NOTHING
         RETURNING "offset" + octet_length(data) AS length
       )
       SELECT coalesce((SELECT length FROM added), (SELECT length FROM last))::text AS length,
              EXISTS (SELECT 1 FROM added) AS stored`,
      [runId, stream, offset, data, maxBytes],
    );
    const length = Number(row.length);
    if (!row.stored && length === offset && length < maxBytes) {
      // The same offset was being stored by another request (a retry while the first was still running): it has
      // committed by now, and the sender must learn the length it left.
      return { length: await this.length(runId, stream), stored: false };
    }
    return { length, stored: row.stored };
  }

  private async length(runId: string, stream: LogStream): Promise<number> {
    const rows: { length: string }[] = await this.db.query(
      `SELECT ("offset" + octet_length(data))::text AS length FROM run_log_chunks
        WHERE run_id = $1 AND stream = $2 ORDER BY "offset" DESC LIMIT 1`,
      [runId, stream],
    );
    return Number(rows[0]?.length ?? 0);
  }

  /**
   * Chunks of the given runs that start at or after what the follower already has of each stream (`after`), in the
   * stored order; only new chunks are read, however long the log already is.
   */
  async since(runIds: string[], after: { runId: string; stream: string; offset: number }[]): Promise<LogChunk[]> {
    if (runIds.length === 0) {
      return [];
    }
    const rows: { run_id: string; stream: LogStream; offset: string; data: string }[] = await this.db.query(
      `SELECT c.run_id, c.stream, c."offset", c.data
         FROM run_log_chunks c
         LEFT JOIN unnest($2::uuid[], $3::text[], $4::bigint[]) AS seen(run_id, stream, next)
           ON seen.run_id = c.run_id AND seen.stream = c.stream
        WHERE c.run_id = ANY($1) AND c."offset" >= coalesce(seen.next, 0)
        ORDER BY c.created_at, c."offset"`,
      [runIds, after.map((a) => a.runId), after.map((a) => a.stream), after.map((a) => a.offset)],
    );
    return rows.map((r) => ({ runId: r.run_id, stream: r.stream, offset: Number(r.offset), data: r.data }));
  }
}
