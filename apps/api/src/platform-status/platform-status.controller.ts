import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { CompetitionStatusDto, PlatformStatusDto } from './dto/platform-status.dto';
import { PlatformStatusService } from './platform-status.service';

@ApiTags('status')
@Controller()
export class PlatformStatusController {
  constructor(private readonly status: PlatformStatusService) {}

  @Get('status')
  @Public()
  @ApiOkResponse({
    type: PlatformStatusDto,
    description: "The platform's public queues: jobs waiting and running, workers online, median wait (5 s cache)",
  })
  publicStatus(): Promise<PlatformStatusDto> {
    return this.status.publicStatus();
  }

  @Get('competitions/:competitionId/status')
  @Authenticated()
  @ApiOkResponse({ type: CompetitionStatusDto, description: "The competition's queue now, for its organizers" })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  competitionStatus(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionStatusDto> {
    return this.status.competitionStatus(competitionId, user);
  }
}
