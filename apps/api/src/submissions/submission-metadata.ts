import type { CompetitionModel } from '@arena/bundle';
import { DomainError } from '@api/common/domain.error';
import type { SubmissionMetadata } from './entities/submission.entity';

export type SubmissionMetadataInput = Partial<Record<keyof SubmissionMetadata, string>>;

const URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const LIMITS: Record<keyof SubmissionMetadata, number> = {
  methodName: 200,
  methodDescription: 5000,
  codeUrl: 2000,
  paperUrl: 2000,
};

/**
 * CodaLab's enable_per_submission_metadata (EvalAI's method name and description, code and paper links): taken only
 * where the competition asks for it, so that a submitter never fills in what nobody will see; links must be http(s).
 * Returns null when nothing was given.
 */
export function submissionMetadata(
  model: CompetitionModel,
  input: SubmissionMetadataInput | undefined,
): SubmissionMetadata | null {
  const given = Object.entries(input ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== '') as [
    keyof SubmissionMetadata,
    string,
  ][];
  if (given.length === 0) {
    return null;
  }
  if (!model.options?.enableSubmissionMetadata) {
    const names = given.map(([k]) => k).join(', ');
    throw new DomainError(
      'bad_request',
      `this competition does not ask for submission metadata (${names}); leave it out`,
    );
  }
  const out: SubmissionMetadata = {};
  for (const [k, raw] of given) {
    const v = raw.trim();
    if (v.length > LIMITS[k]) {
      throw new DomainError('bad_request', `${k} is longer than ${LIMITS[k]} characters`);
    }
    if ((k === 'codeUrl' || k === 'paperUrl') && !URL.test(v)) {
      throw new DomainError('bad_request', `${k} must be an http(s) address`);
    }
    out[k] = v;
  }
  return out;
}
