import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { CompetitionCatalogueService } from './competition-catalogue.service';
import { CompetitionCatalogueDto, CompetitionCatalogueQueryDto } from './dto/competition-catalogue.dto';

@ApiTags('competitions')
@Controller('competitions')
export class CompetitionCatalogueController {
  constructor(private readonly catalogue: CompetitionCatalogueService) {}

  @Get('catalogue')
  @Public()
  @ApiOkResponse({
    type: CompetitionCatalogueDto,
    description: 'The home page: cards with logo, organizer, status, dates and counts; filtered, sorted, paged',
  })
  @ApiUnauthorizedResponse({ description: 'mine=true without a valid bearer token' })
  page(@Query() q: CompetitionCatalogueQueryDto, @CurrentUser() user?: AuthUser): Promise<CompetitionCatalogueDto> {
    return this.catalogue.page(q, user);
  }
}
