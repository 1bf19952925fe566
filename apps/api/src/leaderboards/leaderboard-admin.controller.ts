import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { RebuildDto } from './dto/leaderboard.dto';
import { LeaderboardsService } from './leaderboards.service';

@ApiTags('leaderboards')
@Controller('competitions/:id/leaderboards')
export class LeaderboardAdminController {
  constructor(private readonly leaderboards: LeaderboardsService) {}

  @Post('rebuild')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({
    type: RebuildDto,
    description: 'Every board of every phase recomputed (after a change of columns or rules)',
  })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  rebuild(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<RebuildDto> {
    return this.leaderboards.rebuild(id, user);
  }
}
