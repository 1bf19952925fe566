import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, type AuthUser, CachedIdentity, CurrentUser, Public } from '@api/common/auth.decorators';
import {
  BoardPageQueryDto,
  ExportQueryDto,
  LeaderboardDto,
  LeaderboardHistoryDto,
  MyRankDto,
  NeighboursQueryDto,
  PhaseLeaderboardsDto,
  PhaseResultsDto,
} from './dto/leaderboard.dto';
import { etagMatches, type JsonText } from './json-text';
import { LeaderboardsService } from './leaderboards.service';

/**
 * Board responses are JSON bytes built (and cached) by the service, written as they are (`@Res()` without
 * passthrough: Nest would serialize a buffer as an object).
 */
@ApiTags('leaderboards')
@Controller('phases/:phaseId')
export class LeaderboardsController {
  constructor(private readonly leaderboards: LeaderboardsService) {}

  @Get('leaderboard')
  @Public()
  @CachedIdentity()
  @ApiOkResponse({ type: PhaseLeaderboardsDto, description: 'Every board the caller may see, each with its top rows' })
  @ApiNotFoundResponse()
  async phase(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Query() q: BoardPageQueryDto,
    @Res() res: FastifyReply,
    @CurrentUser() user?: AuthUser,
  ): Promise<void> {
    send(res, await this.leaderboards.forPhase(phaseId, user, q.limit, q.offset));
  }

  @Get('leaderboards/:key')
  @Public()
  @CachedIdentity()
  @ApiOkResponse({ type: LeaderboardDto, description: 'Hidden columns are left out for non-organizers' })
  @ApiNotFoundResponse({ description: 'No such phase or board, or a hidden board and the caller is not an organizer' })
  async board(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('key') key: string,
    @Query() q: BoardPageQueryDto,
    @Res() res: FastifyReply,
    @CurrentUser() user?: AuthUser,
  ): Promise<void> {
    send(res, await this.leaderboards.board(phaseId, key, user, q.limit, q.offset));
  }

  @Get('leaderboards/:key/me')
  @Authenticated()
  @CachedIdentity()
  @ApiOkResponse({ type: MyRankDto })
  @ApiNotFoundResponse()
  async me(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('key') key: string,
    @Query() q: NeighboursQueryDto,
    @Res() res: FastifyReply,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    send(res, await this.leaderboards.me(phaseId, key, user, q.neighbours));
  }

  @Get('leaderboards/:key/history')
  @Public()
  @CachedIdentity()
  @ApiOkResponse({ type: LeaderboardHistoryDto, description: 'The best score on the board over time, for a chart' })
  @ApiNotFoundResponse({
    description: 'No such phase or board, or the board or its charted column is hidden from the caller',
  })
  async history(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('key') key: string,
    @Res() res: FastifyReply,
    @CurrentUser() user?: AuthUser,
  ): Promise<void> {
    send(res, await this.leaderboards.history(phaseId, key, user));
  }

  @Get('leaderboards/:key/export')
  @Public()
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({ description: 'The whole board as the caller may see it (CSV with full values, or JSON)' })
  @ApiNotFoundResponse()
  async export(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('key') key: string,
    @Query() q: ExportQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
    @CurrentUser() user?: AuthUser,
  ): Promise<string> {
    const body = await this.leaderboards.export(phaseId, key, user, q.format);
    void res.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    void res.header(
      'content-disposition',
      `attachment; filename="leaderboard-${key.replace(/[^A-Za-z0-9_-]/g, '_')}.${q.format}"`,
    );
    return body;
  }

  @Post('reveal')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: PhaseResultsDto, description: 'Participants see the scores of this phase from now on' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  reveal(@Param('phaseId', ParseUUIDPipe) phaseId: string, @CurrentUser() user: AuthUser): Promise<PhaseResultsDto> {
    return this.leaderboards.setResultsHidden(phaseId, user, false);
  }

  @Post('hide-results')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: PhaseResultsDto, description: 'Participants see no score of this phase until it is revealed' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  hide(@Param('phaseId', ParseUUIDPipe) phaseId: string, @CurrentUser() user: AuthUser): Promise<PhaseResultsDto> {
    return this.leaderboards.setResultsHidden(phaseId, user, true);
  }
}

/** A cached board carries its tag: a conditional GET of an unchanged board is answered 304 without the body. */
function send(res: FastifyReply, json: Buffer | JsonText): void {
  void res.type('application/json; charset=utf-8');
  if (Buffer.isBuffer(json)) {
    void res.send(json);
    return;
  }
  void res.header('ETag', json.etag);
  if (etagMatches(res.request.headers['if-none-match'], json.etag)) {
    void res.code(304).send();
    return;
  }
  void res.send(json.body);
}
