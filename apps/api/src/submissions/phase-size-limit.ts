import type { CompetitionModel } from '@arena/bundle';
import { DomainError } from '@api/common/domain.error';

const MB = 1024 * 1024;

/**
 * CodaLab's per-phase max_submission_size (MB), already capped by the competition's upper_bound_max_submission_size:
 * a larger submission is refused (413) naming both sizes. The platform's own cap (MAX_SUBMISSION_MB) applies before.
 */
export function requireSizeWithin(model: CompetitionModel, phase: { index: number }, bytes: number): void {
  const maxMb = model.phases.find((p) => p.index === phase.index)?.maxSubmissionSizeMb;
  if (maxMb === undefined || bytes <= maxMb * MB) {
    return;
  }
  throw new DomainError(
    'payload_too_large',
    `this submission is ${(bytes / MB).toFixed(2)} MB; this phase accepts at most ${maxMb} MB`,
    { limit: 'max_submission_size', maxBytes: maxMb * MB, bytes },
  );
}
