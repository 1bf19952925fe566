import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { PhaseLeaderboardsDto } from './dto/leaderboard.dto';
import { LeaderboardsService } from './leaderboards.service';

@ApiTags('leaderboards')
@Controller('phases/:phaseId/leaderboard')
export class LeaderboardsController {
  constructor(private readonly leaderboards: LeaderboardsService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: PhaseLeaderboardsDto, description: 'Hidden boards and columns are left out for non-organizers' })
  @ApiNotFoundResponse()
  get(@Param('phaseId', ParseUUIDPipe) phaseId: string, @CurrentUser() user?: AuthUser): Promise<PhaseLeaderboardsDto> {
    return this.leaderboards.forPhase(phaseId, user);
  }
}
