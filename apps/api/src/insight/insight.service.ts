import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { notFound } from '@api/common/domain.error';
import { LeaderboardsService } from '@api/leaderboards/leaderboards.service';
import { OrganizersService } from '@api/organizers/organizers.service';
import { histogram } from './distribution';
import type { DistributionDto, InsightDto, ScoreProgressDto } from './dto/insight.dto';
import { type DistributionRow, InsightRepository } from './insight.repository';

/** A competition's activity for its organizers (and admins): what CodaLab's organizers asked a site admin's SQL for. */
@Injectable()
export class InsightService {
  constructor(
    private readonly repo: InsightRepository,
    private readonly organizers: OrganizersService,
    private readonly boards: LeaderboardsService,
  ) {}

  async insight(competitionId: string, user: AuthUser): Promise<InsightDto> {
    await this.organizers.requireOrganizer(competitionId, user);
    const timeZone = await this.repo.timeZone(competitionId);
    if (!timeZone) {
      throw notFound(`competition ${competitionId}`);
    }
    const [totals, perDay, failures, dist, boards] = await Promise.all([
      this.repo.totals(competitionId),
      this.repo.perDay(competitionId, timeZone),
      this.repo.failures(competitionId),
      this.repo.distributions(competitionId),
      this.repo.boards(competitionId),
    ]);
    const distribution = (kind: 'wait' | 'run'): DistributionDto => {
      const s: Partial<DistributionRow> = dist.stats.find((r) => r.kind === kind) ?? {};
      const counts = new Map(dist.buckets.filter((b) => b.kind === kind).map((b) => [Number(b.bucket), b.count]));
      return {
        count: s.count ?? 0,
        p50: s.p50 ?? null,
        p90: s.p90 ?? null,
        p99: s.p99 ?? null,
        max: s.max ?? null,
        histogram: histogram(counts),
      };
    };
    const scoreProgress: ScoreProgressDto[] = [];
    for (const b of boards) {
      // The board's own history (the organizer's view, cached per board version): one query per phase at most.
      const text = await this.boards.history(b.phaseId, b.key, user).catch(() => null);
      if (text) {
        const h = JSON.parse(text.body.toString('utf8')) as Omit<ScoreProgressDto, 'phaseId' | 'phaseName' | 'board'>;
        scoreProgress.push({ phaseId: b.phaseId, phaseName: b.phaseName, board: b.key, ...h });
      }
    }
    return {
      competitionId,
      timeZone,
      generatedAt: new Date().toISOString(),
      totals,
      submissionsPerDay: perDay,
      failures,
      queueWait: distribution('wait'),
      runTime: distribution('run'),
      scoreProgress,
    };
  }
}
