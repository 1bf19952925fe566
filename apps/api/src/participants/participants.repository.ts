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
}
