import { useEffect, useState } from 'react';
import { authHeaders } from './api';

/**
 * An image the API serves only to some callers (the logo of a competition that is not public): an <img> cannot send
 * the token or the competition key, so it is fetched with them and shown from a blob URL. Public ones load directly.
 */
export function useAuthorizedImage(url: string | null | undefined, needsAuth: boolean): string | undefined {
  const [src, setSrc] = useState<string | undefined>(needsAuth ? undefined : (url ?? undefined));
  useEffect(() => {
    if (!url) {
      return setSrc(undefined);
    }
    if (!needsAuth) {
      return setSrc(url);
    }
    let blobUrl: string | undefined;
    let live = true;
    void fetch(url, { headers: authHeaders() })
      .then(async (res) => (res.ok ? URL.createObjectURL(await res.blob()) : undefined))
      .then((u) => {
        blobUrl = u;
        if (live) {
          setSrc(u);
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (blobUrl) {
        URL.revokeObjectURL(blobUrl);
      }
    };
  }, [url, needsAuth]);
  return src;
}
