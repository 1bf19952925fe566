import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { CompetitionCatalogueRepository } from './competition-catalogue.repository';
import type { CompetitionCatalogueDto, CompetitionCatalogueQueryDto } from './dto/competition-catalogue.dto';
import type { Visibility } from './entities/competition.entity';

@Injectable()
export class CompetitionCatalogueService {
  constructor(private readonly repo: CompetitionCatalogueRepository) {}

  /** A page of the catalogue with the total; `mine` needs a signed-in caller. */
  async page(q: CompetitionCatalogueQueryDto, user?: AuthUser | null): Promise<CompetitionCatalogueDto> {
    if (q.mine && !user) {
      throw new DomainError('unauthenticated', 'mine=true needs a valid bearer token (POST /api/auth/login)');
    }
    const { rows, total } = await this.repo.page(
      {
        q: q.q?.trim() || undefined,
        status: q.status,
        mine: q.mine === true,
        viewerId: user?.id ?? null,
        sort: q.sort,
      },
      q.limit,
      q.offset,
    );
    return {
      total,
      limit: q.limit,
      offset: q.offset,
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        description: r.description,
        visibility: r.visibility as Visibility,
        createdAt: r.created_at,
        archivedAt: r.archived_at,
        logoUrl: r.logo_key ? `/api/competitions/${r.id}/logo` : null,
        organizer: r.organizer,
        status: r.status,
        startAt: r.start_at,
        endAt: r.end_at,
        participantCount: r.participant_count,
        submissionCount: r.submission_count,
        isOrganizer: r.is_organizer,
      })),
    };
  }
}
