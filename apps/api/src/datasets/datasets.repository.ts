import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DatasetEntity } from './entities/dataset.entity';

@Injectable()
export class DatasetsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listOwned(ownerId: string, limit: number, offset: number): Promise<DatasetEntity[]> {
    return this.db
      .getRepository(DatasetEntity)
      .find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
  }
}
