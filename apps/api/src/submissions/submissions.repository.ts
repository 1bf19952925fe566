import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type NewRun, RunsRepository } from '@api/runs/runs.repository';
import { SubmissionEntity } from './entities/submission.entity';

@Injectable()
export class SubmissionsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsRepository,
  ) {}

  /** The submission and its runs appear together or not at all. */
  async insertWithRuns(submission: Partial<SubmissionEntity>, runs: NewRun[]): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.insert(SubmissionEntity, submission);
      await this.runs.insertRuns(m, runs);
    });
  }

  find(id: string): Promise<SubmissionEntity | null> {
    return this.db.getRepository(SubmissionEntity).findOne({ where: { id } });
  }

  forPhase(phaseId: string, ownerId: string | null, limit: number, offset: number): Promise<SubmissionEntity[]> {
    return this.db.getRepository(SubmissionEntity).find({
      where: ownerId ? { phaseId, ownerId } : { phaseId },
      order: { createdAt: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  finishedForPhase(phaseId: string): Promise<SubmissionEntity[]> {
    return this.db.getRepository(SubmissionEntity).find({ where: { phaseId, status: 'finished' }, order: { createdAt: 'ASC' } });
  }
}
