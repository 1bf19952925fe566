import { Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { BoardKeyQueryDto, PicksDto } from './dto/leaderboard.dto';
import { LeaderboardsService } from './leaderboards.service';

/** Participants choose their entries where the rule lets them (Add, Add_And_Delete, Add_And_Delete_Multiple). */
@ApiTags('leaderboards')
@Controller('submissions/:id/leaderboard')
export class LeaderboardPicksController {
  constructor(private readonly leaderboards: LeaderboardsService) {}

  @Post()
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: PicksDto })
  @ApiNotFoundResponse({ description: 'No such submission, or not yours' })
  @ApiForbiddenResponse({ description: 'The competition does not let participants choose their entries' })
  @ApiConflictResponse({ description: 'Not finished, or the rule places submissions automatically (named)' })
  put(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: BoardKeyQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PicksDto> {
    return this.leaderboards.pick(id, user, q.key, true);
  }

  @Delete()
  @Authenticated()
  @ApiOkResponse({ type: PicksDto })
  @ApiNotFoundResponse({ description: 'No such submission, or not yours' })
  @ApiForbiddenResponse({ description: 'The competition does not let participants choose their entries' })
  @ApiConflictResponse({ description: 'The rule does not allow removing an entry (named)' })
  remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: BoardKeyQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PicksDto> {
    return this.leaderboards.pick(id, user, q.key, false);
  }
}
