import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { ListQueryDto } from '@api/competitions/dto/competition.dto';
import { DatasetsRepository } from './datasets.repository';
import { DatasetDto } from './dto/dataset.dto';

/** The caller's stored programs and data: their ids are what a light bundle names instead of files. */
@ApiTags('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsRepository) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [DatasetDto] })
  async list(@CurrentUser() user: AuthUser, @Query() q: ListQueryDto): Promise<DatasetDto[]> {
    const rows = await this.datasets.listOwned(user.id, q.limit, q.offset);
    return rows.map(({ id, kind, name, size, sha256, createdAt }) => ({ id, kind, name, size, sha256, createdAt }));
  }
}
