// Per-submission metadata (method name and description, code and paper links; EvalAI's fields, CodaLab's
// enable_per_submission_metadata); unit-tested in submission-metadata.spec.ts.

import { webUrl } from './competition-facts';

export interface SubmissionMetadata {
  methodName?: string;
  methodDescription?: string;
  codeUrl?: string;
  paperUrl?: string;
}

/** The API's limits (CreateSubmissionDto), checked here too so the form says what is wrong before uploading. */
export const METADATA_LIMITS = { methodName: 200, methodDescription: 5000 } as const;

export class MetadataError extends Error {}

/**
 * The fields to send: trimmed, empty ones left out; throws a MetadataError naming the field when a link is not an
 * http(s) address or a text is too long.
 */
export function metadataBody(form: SubmissionMetadata): SubmissionMetadata {
  const out: SubmissionMetadata = {};
  const name = form.methodName?.trim();
  const description = form.methodDescription?.trim();
  if (name) {
    if (name.length > METADATA_LIMITS.methodName) {
      throw new MetadataError(`Method name: at most ${METADATA_LIMITS.methodName} characters`);
    }
    out.methodName = name;
  }
  if (description) {
    if (description.length > METADATA_LIMITS.methodDescription) {
      throw new MetadataError(`Method description: at most ${METADATA_LIMITS.methodDescription} characters`);
    }
    out.methodDescription = description;
  }
  for (const [key, label] of [
    ['codeUrl', 'Code link'],
    ['paperUrl', 'Paper link'],
  ] as const) {
    const raw = form[key]?.trim();
    if (!raw) {
      continue;
    }
    if (!webUrl(raw)) {
      throw new MetadataError(`${label}: an http:// or https:// address`);
    }
    out[key] = raw;
  }
  return out;
}

/** True when a submission carries any metadata worth showing. */
export function hasMetadata(m: SubmissionMetadata | null | undefined): m is SubmissionMetadata {
  return Boolean(m && (m.methodName || m.methodDescription || m.codeUrl || m.paperUrl));
}

/** A short label for a leaderboard cell: the method's name, else the start of its description. */
export function methodLabel(m: SubmissionMetadata, max = 60): string {
  if (m.methodName) {
    return m.methodName;
  }
  const d = m.methodDescription ?? '';
  return d.length > max ? `${d.slice(0, max)}…` : d;
}
