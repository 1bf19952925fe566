import { readToken } from './token';
import { backoffMs, missingParts, partRange, receivedBytes, resumeKey, type UploadPurpose } from './upload-plan';
import { uploadsApi, type UploadState } from './uploads-api';

export interface UploadProgress {
  /** Bytes on the server (plus the part in flight). */
  sent: number;
  total: number;
  phase: 'preparing' | 'uploading' | 'retrying' | 'completing' | 'done';
  /** Why the last attempt failed, while retrying. */
  retryReason?: string;
}

const MAX_ATTEMPTS_PER_PART = 8;

/**
 * Sends a file to storage in parts (PUT /api/uploads/:id/parts/:index) and completes it; returns the upload id to
 * pass as `uploadId`. The id is kept in localStorage, so choosing the same file again after a dropped connection or
 * a reload sends only the parts the server is missing; a failed part is retried with backoff.
 */
export async function uploadResumable(
  file: File,
  purpose: UploadPurpose,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  const key = resumeKey(file, purpose);
  onProgress({ sent: 0, total: file.size, phase: 'preparing' });
  let upload = await resumeOrCreate(key, file, purpose);
  if (upload.status !== 'complete') {
    let done = receivedBytes(upload.received, upload.partSize, file.size);
    onProgress({ sent: done, total: file.size, phase: 'uploading' });
    for (const index of missingParts(upload.partCount, upload.received)) {
      const { start, end } = partRange(index, upload.partSize, file.size);
      await sendWithRetry(upload.id, index, file.slice(start, end), signal, (loaded, retryReason) =>
        onProgress({
          sent: done + loaded,
          total: file.size,
          phase: retryReason ? 'retrying' : 'uploading',
          retryReason,
        }),
      );
      done += end - start;
    }
    onProgress({ sent: file.size, total: file.size, phase: 'completing' });
    upload = await uploadsApi.complete(upload.id);
  }
  localStorage.removeItem(key);
  onProgress({ sent: file.size, total: file.size, phase: 'done' });
  return upload.id;
}

async function resumeOrCreate(key: string, file: File, purpose: UploadPurpose): Promise<UploadState> {
  const known = localStorage.getItem(key);
  if (known) {
    const upload = await uploadsApi.get(known).catch(() => undefined);
    if (upload && upload.size === file.size && upload.purpose === purpose) {
      return upload;
    }
    localStorage.removeItem(key);
  }
  const upload = await uploadsApi.create({ filename: file.name, size: file.size, purpose });
  localStorage.setItem(key, upload.id);
  return upload;
}

async function sendWithRetry(
  id: string,
  index: number,
  body: Blob,
  signal: AbortSignal | undefined,
  onLoaded: (loaded: number, retryReason?: string) => void,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await putPart(id, index, body, signal, (loaded) => onLoaded(loaded));
      return;
    } catch (e) {
      const error = e as Error & { status?: number };
      // 4xx other than a timeout or rate limit will not get better by trying again.
      const status = error.status ?? 0;
      const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
      if (signal?.aborted || permanent || attempt + 1 >= MAX_ATTEMPTS_PER_PART) {
        throw error;
      }
      onLoaded(0, error.message);
      await sleep(backoffMs(attempt), signal);
    }
  }
}

/** XMLHttpRequest, not fetch: only XHR reports upload progress. */
function putPart(
  id: string,
  index: number,
  body: Blob,
  signal: AbortSignal | undefined,
  onLoaded: (n: number) => void,
) {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/api/uploads/${encodeURIComponent(id)}/parts/${index}`);
    const token = readToken();
    if (token) {
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
    }
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onLoaded(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve();
      } else {
        reject(Object.assign(new Error(`part ${index}: ${xhr.status} ${xhr.statusText}`), { status: xhr.status }));
      }
    };
    xhr.onerror = () => reject(new Error(`part ${index}: connection lost`));
    xhr.ontimeout = () => reject(new Error(`part ${index}: timed out`));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(body);
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('Upload cancelled', 'AbortError'));
      },
      { once: true },
    );
  });
}
