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
   */
  async append(
    runId: string,
    stream: LogStream,
    offset: number,
    data: string,
    maxBytes: number,
  ): Promise<{ length: number; stored: boolean }> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${runId}:${stream}`]);
      const [{ length }] = await m.query(
        `SELECT coalesce(max("offset" + octet_length(data)), 0)::bigint AS length FROM run_log_chunks WHERE run_id = $1 AND stream = $2`,
        [runId, stream],
      );
      const current = Number(length);
      if (offset !== current || current >= maxBytes) {
        return { length: current, stored: false };
      }
      await m.query('INSERT INTO run_log_chunks (run_id, stream, "offset", data) VALUES ($1, $2, $3, $4)', [
        runId,
        stream,
        offset,
        data,
      ]);
      return { length: current + Buffer.byteLength(data), stored: true };
    });
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
