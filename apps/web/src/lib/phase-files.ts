import { api, ApiError, type Schema, unwrap } from './api';
import { downloadFile } from './download';

export type PhaseFile = Schema<'PhaseFileDto'>;

/** A phase's files, or why the caller may not have them (401: signed out; 403: not an approved participant). */
export type PhaseFilesAnswer =
  { kind: 'files'; listing: Schema<'PhaseFilesDto'> } | { kind: 'refused'; status: number; message: string };

export async function loadPhaseFiles(phaseId: string): Promise<PhaseFilesAnswer> {
  try {
    return {
      kind: 'files',
      listing: unwrap(await api.GET('/api/phases/{phaseId}/files', { params: { path: { phaseId } } })),
    };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      return { kind: 'refused', status: e.status, message: e.message };
    }
    throw e;
  }
}

/**
 * Downloads a phase file. With S3 storage the API hands out a short-lived storage URL that the browser opens itself
 * (no bytes through the API, and the browser's own download manager); otherwise the API streams the file.
 */
export async function downloadPhaseFile(phaseId: string, file: PhaseFile): Promise<void> {
  const link = unwrap(
    await api.GET('/api/phases/{phaseId}/files/{name}/link', { params: { path: { phaseId, name: file.name } } }),
  );
  if (!link.url) {
    return downloadFile(file.url, `${file.name}.zip`);
  }
  const a = document.createElement('a');
  a.href = link.url;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Only http(s) addresses become links (the API keeps no other, and the page does not trust that alone). */
export function isWebAddress(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
