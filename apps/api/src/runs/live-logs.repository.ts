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
  async append(runId: string, stream: LogStream, offset: number, data: string, maxBytes: number): Promise<{ length: number; stored: boolean }> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${runId}:${stream}`]);
      const [{ length }] = await m.query(
        `SELECT coalesce(max("offset" + octet_length(data)), 0)::bigint AS length FROM run_log_chunks WHERE run_id = $1 AND stream = $2`,
        [runId, stream],
      );
      const current = Number(length);
      if (offset !== current || current >= maxBytes) return { length: current, stored: false };
      await m.query('INSERT INTO run_log_chunks (run_id, stream, "offset", data) VALUES ($1, $2, $3, $4)', [runId, stream, offset, data]);
      return { length: current + Buffer.byteLength(data), stored: true };
    });
  }

  /** Chunks of the given runs created after `since` (the stored order is the order to show). */
  async since(runIds: string[], after: { runId: string; stream: string; offset: number }[]): Promise<LogChunk[]> {
    if (runIds.length === 0) return [];
    const seen = new Map(after.map((a) => [`${a.runId}:${a.stream}`, a.offset]));
    const rows: { run_id: string; stream: LogStream; offset: string; data: string }[] = await this.db.query(
      'SELECT run_id, stream, "offset", data FROM run_log_chunks WHERE run_id = ANY($1) ORDER BY created_at, "offset"',
      [runIds],
    );
    return rows
      .map((r) => ({ runId: r.run_id, stream: r.stream, offset: Number(r.offset), data: r.data }))
      .filter((c) => c.offset >= (seen.get(`${c.runId}:${c.stream}`) ?? 0));
  }
}
