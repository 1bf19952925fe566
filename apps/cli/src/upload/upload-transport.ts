import type { paths } from '@arena/api-client';
import { type ArenaSession, call } from '../api/arena-api';
import { failureOf, unreachable } from '../api/cli-failure';
import type { UploadTransport, UploadView } from './resumable-upload';

const PART_PATH: keyof paths = '/api/uploads/{id}/parts/{index}';

/** The resumable-upload routes over the typed client; the part PUT is raw bytes, so it is the one plain fetch. */
export function uploadTransport(session: ArenaSession): UploadTransport {
  const { client } = session;
  return {
    create: (input) => call(session, () => client.POST('/api/uploads', { body: input })).then(view),
    get: (id) => call(session, () => client.GET('/api/uploads/{id}', { params: { path: { id } } })).then(view),
    complete: (id) =>
      call(session, () => client.POST('/api/uploads/{id}/complete', { params: { path: { id } } })).then(view),
    putPart: async (id, index, body) => {
      const url = session.url + PART_PATH.replace('{id}', encodeURIComponent(id)).replace('{index}', String(index));
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'PUT',
          headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/octet-stream' },
          body,
        });
      } catch (e) {
        throw unreachable(session.url, e);
      }
      const text = await res.text();
      const parsed: unknown = text ? safeJson(text) : undefined;
      if (!res.ok) {
        throw failureOf(res.status, parsed, session.url, res.headers.get('retry-after'));
      }
      return view(parsed as UploadView);
    },
  };
}

function view(dto: UploadView): UploadView {
  return {
    id: dto.id,
    size: dto.size,
    partSize: dto.partSize,
    partCount: dto.partCount,
    received: [...dto.received],
    status: dto.status,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
