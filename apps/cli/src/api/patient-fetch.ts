import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * fetch for one request whose answer may take more than 5 minutes: creating a competition from a resumable upload of
 * gigabytes (the server reads it through, copies its parts, and only then answers). Node's fetch (undici) gives up
 * waiting for an answer's headers after 300 s, while the server goes on and creates the competition anyway; node:http
 * waits as long as the connection lives. The request body is small (an upload's id), so it is sent whole.
 */
export async function patientFetch(input: Request): Promise<Response> {
  const url = new URL(input.url);
  const body = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
  const headers: Record<string, string> = Object.fromEntries(input.headers);
  if (body) {
    headers['content-length'] = String(body.length);
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: input.method, headers, signal: input.signal }, (res) => {
      const answerHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const v of [value ?? []].flat()) {
          answerHeaders.append(name, v);
        }
      }
      const status = res.statusCode ?? 502;
      const empty = status === 204 || status === 304 || input.method === 'HEAD';
      if (empty) {
        res.resume();
      }
      const stream = empty ? null : (Readable.toWeb(res) as WebReadableStream<Uint8Array>);
      resolve(
        new Response(stream as ReadableStream<Uint8Array> | null, {
          status,
          statusText: res.statusMessage,
          headers: answerHeaders,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
