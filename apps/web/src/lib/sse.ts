import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { authHeaders } from './api';

/**
 * Follows a server-sent-events route that needs the bearer header (EventSource cannot send one): fetch streaming
 * parsed by eventsource-parser. Resolves when the server closes the stream or the signal aborts.
 */
export async function followEvents(
  path: string,
  onEvent: (e: EventSourceMessage) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(path, { headers: authHeaders({ accept: 'text/event-stream' }), signal });
  if (!response.ok || !response.body) {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  const parser = createParser({ onEvent });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return;
      }
      parser.feed(value);
    }
  } catch (e) {
    if (signal.aborted) {
      return;
    }
    throw e;
  }
}
