import { createParser } from 'eventsource-parser';
import { type ArenaSession, call } from '../api/arena-api';

export interface LogChunk {
  runId: string;
  stream: string;
  text: string;
}

/** How following ended: the server's `end` event with the final status, or a stream that stopped without one. */
export type FollowEnd = { ended: true; status: string } | { ended: false };

/**
 * Follows `GET /api/submissions/:id/logs/live` (server-sent events: `log` {runId, stream, text} chunks, then
 * `end` {status}) and hands each chunk on as it arrives.
 */
export async function followLiveLogs(
  session: ArenaSession,
  submissionId: string,
  onLog: (chunk: LogChunk) => void,
): Promise<FollowEnd> {
  const body = await call(session, () =>
    session.client.GET('/api/submissions/{id}/logs/live', {
      params: { path: { id: submissionId } },
      headers: { accept: 'text/event-stream' },
      parseAs: 'stream',
    }),
  );
  if (!body) {
    return { ended: false };
  }
  let end: FollowEnd = { ended: false };
  const parser = createParser({
    onEvent(message) {
      let data: Partial<LogChunk & { status: string }>;
      try {
        data = JSON.parse(message.data) as typeof data;
      } catch {
        return;
      }
      if (message.event === 'log' && typeof data.text === 'string') {
        onLog({ runId: data.runId ?? '', stream: data.stream ?? 'stdout', text: data.text });
      } else if (message.event === 'end') {
        end = { ended: true, status: data.status ?? 'unknown' };
      }
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      parser.feed(decoder.decode(value, { stream: true }));
      if (end.ended) {
        break;
      }
    }
  } catch {
    // A dropped connection is not a verdict: the caller asks the submission's status instead.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return end;
}

/** Turns chunks (which may split lines) into whole lines per run and stream; `flush` prints what is left. */
export class LogLines {
  private readonly pending = new Map<string, string>();
  private readonly runs = new Set<string>();

  constructor(private readonly print: (line: string, stream: string) => void) {}

  push(chunk: LogChunk): void {
    this.runs.add(chunk.runId);
    const key = `${chunk.runId}\u0000${chunk.stream}`;
    const text = (this.pending.get(key) ?? '') + chunk.text;
    const lines = text.split(/\r?\n/);
    this.pending.set(key, lines.pop() ?? '');
    for (const line of lines) {
      this.emit(chunk.runId, chunk.stream, line);
    }
  }

  flush(): void {
    for (const [key, rest] of this.pending) {
      const [runId, stream] = key.split('\u0000');
      if (rest) {
        this.emit(runId, stream, rest);
      }
    }
    this.pending.clear();
  }

  private emit(runId: string, stream: string, line: string): void {
    // Several runs (a multi-task phase) interleave: name the run; stderr is marked so it stands out.
    const run = this.runs.size > 1 ? `[${runId.slice(0, 8)}] ` : '';
    const mark = stream === 'stdout' ? '' : `${stream}| `;
    this.print(`${run}${mark}${line}`, stream);
  }
}
