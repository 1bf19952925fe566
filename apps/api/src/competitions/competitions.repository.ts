import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { DatasetEntity } from '@api/datasets/entities/dataset.entity';
import { CompetitionEntity } from './entities/competition.entity';
import { LeaderboardEntity } from './entities/leaderboard.entity';
import { PageEntity } from './entities/page.entity';
import { PhaseEntity } from './entities/phase.entity';
import { TaskEntity } from './entities/task.entity';

export interface NewCompetitionRows {
  competition: Omit<CompetitionEntity, 'createdAt' | 'updatedAt'>;
  datasets: Omit<DatasetEntity, 'createdAt'>[];
  pages: Omit<PageEntity, 'id'>[];
  tasks: TaskEntity[];
  phases: Omit<PhaseEntity, 'id'>[];
  leaderboards: Omit<LeaderboardEntity, 'id'>[];
}

@Injectable()
export class CompetitionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a whole imported competition in one transaction: all of it or nothing. */
  async insertImported(rows: NewCompetitionRows): Promise<void> {
    await this.db.transaction(async (m: EntityManager) => {
      if (rows.datasets.length) await m.insert(DatasetEntity, rows.datasets);
      // The jsonb model is stored as given; TypeORM's deep-partial type cannot express an open record.
      await m.insert(CompetitionEntity, rows.competition as QueryDeepPartialEntity<CompetitionEntity>);
      if (rows.pages.length) await m.insert(PageEntity, rows.pages);
      if (rows.tasks.length) await m.insert(TaskEntity, rows.tasks);
      if (rows.phases.length) await m.insert(PhaseEntity, rows.phases);
      if (rows.leaderboards.length) await m.insert(LeaderboardEntity, rows.leaderboards);
    });
  }

  findDatasets(ids: string[]): Promise<DatasetEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.getRepository(DatasetEntity).createQueryBuilder('d').where('d.id = ANY(:ids)', { ids }).getMany();
  }

  findDataset(id: string): Promise<DatasetEntity | null> {
    return this.db.getRepository(DatasetEntity).findOne({ where: { id } });
  }

  findCompetition(id: string): Promise<CompetitionEntity | null> {
    return this.db.getRepository(CompetitionEntity).findOne({ where: { id } });
  }

  listCompetitions(limit: number, offset: number): Promise<CompetitionEntity[]> {
    return this.db.getRepository(CompetitionEntity).find({ order: { createdAt: 'DESC' }, take: limit, skip: offset });
  }

  pages(competitionId: string): Promise<PageEntity[]> {
    return this.db.getRepository(PageEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  phases(competitionId: string): Promise<PhaseEntity[]> {
    return this.db.getRepository(PhaseEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  findPhase(id: string): Promise<PhaseEntity | null> {
    return this.db.getRepository(PhaseEntity).findOne({ where: { id } });
  }

  tasks(competitionId: string): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  findTask(id: string): Promise<TaskEntity | null> {
    return this.db.getRepository(TaskEntity).findOne({ where: { id } });
  }

  leaderboards(competitionId: string): Promise<LeaderboardEntity[]> {
    return this.db.getRepository(LeaderboardEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }
}
