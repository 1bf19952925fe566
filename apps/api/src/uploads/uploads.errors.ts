import { DomainError, notFound } from '@api/common/domain.error';

/** Someone else's upload, or one that is gone: nobody learns that another user's upload exists. */
export const uploadNotFound = (id: string) => notFound(`upload ${id}`);

export const partLengthMismatch = (index: number, expected: number, actual: number) =>
  new DomainError('bad_request', `part ${index} must be ${expected} bytes, got ${actual}`, { index, expected, actual });

export const partInterrupted = (index: number) =>
  new DomainError('bad_request', `the connection dropped while part ${index} was being sent: send it again`);

export const partOutOfRange = (index: number, partCount: number) =>
  new DomainError('bad_request', `part index ${index} is out of range: this upload has parts 0 to ${partCount - 1}`);

export const missingPartsError = (id: string, missing: number[]) =>
  new DomainError('conflict', `upload ${id} is missing parts ${missing.join(', ')}`, { missing });

export const uploadTooLarge = (size: number, limitBytes: number, setting: string) =>
  new DomainError(
    'payload_too_large',
    `a file of ${size} bytes exceeds the limit of ${limitBytes / (1024 * 1024)} MiB (${setting})`,
    { limitBytes, setting },
  );

export const uploadAlreadyUsed = (id: string) => new DomainError('conflict', `upload ${id} was already used`);

export const wrongPurpose = (id: string, purpose: string, wanted: string) =>
  new DomainError('bad_request', `upload ${id} was made for a ${purpose}, not a ${wanted}`);
