import { api, type Schema, unwrap } from './api';
import type { SubmissionMetadata } from './submission-metadata';
import type { UploadPurpose } from './upload-plan';

export type UploadState = Schema<'UploadDto'>;

/** The JSON side of resumable uploads; the parts themselves go as raw bytes (chunked-upload.ts). */
export const uploadsApi = {
  create: async (body: { filename: string; size: number; purpose: UploadPurpose }) =>
    unwrap(await api.POST('/api/uploads', { body })),
  get: async (id: string) => unwrap(await api.GET('/api/uploads/{id}', { params: { path: { id } } })),
  complete: async (id: string) => unwrap(await api.POST('/api/uploads/{id}/complete', { params: { path: { id } } })),
};

/** A submission from a completed upload instead of a file; the key makes a retried request return the same one. */
export async function createSubmissionFromUpload(
  phaseId: string,
  body: { uploadId: string; description?: string; teamId?: string } & SubmissionMetadata,
  idempotencyKey: string,
): Promise<Schema<'SubmissionDto'>> {
  return unwrap(
    await api.POST('/api/phases/{phaseId}/submissions', {
      params: { path: { phaseId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}
