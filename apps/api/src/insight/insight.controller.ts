import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { InsightDto } from './dto/insight.dto';
import { insightCsv } from './insight-csv';
import { InsightService } from './insight.service';

@ApiTags('insight')
@Controller('competitions/:competitionId/insight')
export class InsightController {
  constructor(private readonly insight: InsightService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: InsightDto })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  get(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<InsightDto> {
    return this.insight.insight(competitionId, user);
  }

  @Get('export')
  @Authenticated()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (RFC 4180, header row): section, phase, key, value; one row per figure' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async csv(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(insightCsv(await this.insight.insight(competitionId, user)), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="competition-${competitionId}-insight.csv"`,
    });
  }
}
