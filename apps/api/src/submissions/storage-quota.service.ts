import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { ApiConfig } from '@api/config/api-config';
import { OrganizersService } from '@api/organizers/organizers.service';
import { StorageQuotaRepository } from './storage-quota.repository';

const MB = 1024 * 1024;
/** Multipart framing and the other form fields (description, fact sheet) around the file, at most. */
const MULTIPART_SLACK = 256 * 1024;

export const QUOTA_COUNTS =
  'the zip files you uploaded to this competition that are still stored; re-runs and auto-migrations of them count nothing';

/** A quota per participant and competition: the competition's setting, else the platform default (QUOTA_MB). */
@Injectable()
export class StorageQuotaService {
  constructor(
    private readonly repo: StorageQuotaRepository,
    private readonly competitions: CompetitionsService,
    private readonly organizers: OrganizersService,
    private readonly config: ApiConfig,
  ) {}

  /** Refuses before the upload interceptor writes anything when the request as announced cannot fit. */
  async precheck(user: AuthUser, phaseId: string, contentLength: number): Promise<void> {
    const phase = await this.competitions.getPhase(phaseId);
    await this.requireRoom(
      user,
      phase.competitionId,
      Math.max(0, contentLength - MULTIPART_SLACK),
      'by its Content-Length',
    );
  }

  /** Throws 413 when `bytes` more would take the user over their quota in the competition; organizers have none. */
  async requireRoom(user: AuthUser, competitionId: string, bytes: number, measured = 'as received'): Promise<void> {
    const competition = await this.organizers.competition(competitionId);
    if (await this.organizers.isOrganizer(competition, user)) {
      return;
    }
    const quota = await this.quotaBytes(competitionId);
    const used = await this.repo.used(competitionId, user.id);
    if (used + bytes > quota) {
      throw new DomainError(
        'payload_too_large',
        `this upload (${mb(bytes)} MB ${measured}) would exceed your storage quota of ${mb(quota)} MB in this competition (${mb(used)} MB used)`,
        { quotaBytes: quota, usedBytes: used, uploadBytes: bytes, counts: QUOTA_COUNTS },
      );
    }
  }

  async mine(user: AuthUser) {
    const rows = await this.repo.ofUser(user.id);
    return {
      counts: QUOTA_COUNTS,
      competitions: rows.map((r) => ({
        competitionId: r.competitionId,
        title: r.title,
        usedBytes: r.usedBytes,
        submissions: r.submissions,
        quotaBytes: (r.quotaMb ?? null) !== null ? r.quotaMb! * MB : this.config.submissionTools.quotaBytes,
      })),
    };
  }

  async ofCompetition(user: AuthUser, competitionId: string) {
    await this.organizers.requireOrganizer(competitionId, user);
    return {
      quotaBytes: await this.quotaBytes(competitionId),
      counts: QUOTA_COUNTS,
      participants: await this.repo.ofCompetition(competitionId),
    };
  }

  private async quotaBytes(competitionId: string): Promise<number> {
    const { storageQuotaMb } = await this.organizers.settings(competitionId);
    return storageQuotaMb !== null ? storageQuotaMb * MB : this.config.submissionTools.quotaBytes;
  }
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(2);
}
