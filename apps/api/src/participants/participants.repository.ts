import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ParticipantEntity, type ParticipantStatus } from './entities/participant.entity';

@Injectable()
export class ParticipantsRepository {
  constructor(@InjectRepository(ParticipantEntity) private readonly rows: Repository<ParticipantEntity>) {}

  find(competitionId: string, userId: string): Promise<ParticipantEntity | null> {
    return this.rows.findOne({ where: { competitionId, userId } });
  }

  async insert(competitionId: string, userId: string, status: ParticipantStatus): Promise<ParticipantEntity> {
    // A concurrent second request for the same user keeps the first row (unique constraint), not a 500.
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ competitionId, userId, status, termsAcceptedAt: new Date() })
      .orIgnore()
      .execute();
    return (await this.find(competitionId, userId))!;
  }

  list(
    competitionId: string,
    status: ParticipantStatus | undefined,
    limit: number,
    offset: number,
  ): Promise<ParticipantEntity[]> {
    return this.rows.find({
      where: status ? { competitionId, status } : { competitionId },
      order: { createdAt: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** Moves a participant from one of `from` to `to`; false when the row is not in one of those states. */
  async transition(
    competitionId: string,
    userId: string,
    from: ParticipantStatus[],
    to: ParticipantStatus,
  ): Promise<boolean> {
    const r = await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: to })
      .where('competition_id = :competitionId AND user_id = :userId AND status = ANY(:from)', {
        competitionId,
        userId,
        from,
      })
      .execute();
    return (r.affected ?? 0) > 0;
  }

  async delete(competitionId: string, userId: string): Promise<void> {
    await this.rows.delete({ competitionId, userId });
  }

  async approvedUserIds(competitionId: string): Promise<string[]> {
    return (await this.rows.find({ where: { competitionId, status: 'approved' }, select: { userId: true } })).map(
      (r) => r.userId,
    );
  }
}
