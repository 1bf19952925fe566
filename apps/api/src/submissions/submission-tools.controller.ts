import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { RerunPhaseDto, RerunPhaseOptionsDto, RerunSubmissionDto, SubmissionDto } from './dto/submission.dto';
import { toSubmissionDto } from './submission.mapper';
import { SubmissionToolsService } from './submission-tools.service';

@ApiTags('submissions')
@Controller()
export class SubmissionToolsController {
  constructor(private readonly tools: SubmissionToolsService) {}

  @Post('submissions/:id/rerun')
  @Authenticated()
  @ApiCreatedResponse({
    type: SubmissionDto,
    description: 'A new submission of the same file, owner and team (organizers)',
  })
  @ApiForbiddenResponse({ description: 'The owner, not an organizer' })
  @ApiNotFoundResponse({ description: 'No such submission, or no such phase in its competition' })
  async rerun(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Body() body: RerunSubmissionDto,
  ): Promise<SubmissionDto> {
    return toSubmissionDto(await this.tools.rerun(user, id, body.phaseId));
  }

  @Post('phases/:phaseId/rerun')
  @Authenticated()
  @ApiCreatedResponse({
    type: RerunPhaseDto,
    description: 'Re-runs every ended submission of the phase (by default finished or failed)',
  })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async rerunPhase(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: RerunPhaseOptionsDto,
  ): Promise<RerunPhaseDto> {
    const done = await this.tools.rerunPhase(user, phaseId, body.statuses ?? ['finished', 'failed']);
    return { count: done.length, submissions: done.map((s) => toSubmissionDto(s)) };
  }

  @Delete('submissions/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({
    description: 'Deleted with its file, run outputs and logs (organizers; the owner for their own)',
  })
  @ApiConflictResponse({ description: 'Still being scored (cancel it first), or, for its owner, on a leaderboard' })
  @ApiNotFoundResponse()
  async delete(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.tools.delete(user, id);
  }

  @Get('phases/:phaseId/submissions/export')
  @Authenticated()
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'Every submission file of the phase as `<username>/<submission-id>.zip`, streamed' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async phaseZip(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.tools.phaseZip(user, phaseId), {
      type: 'application/zip',
      disposition: `attachment; filename="phase-${phaseId}-submissions.zip"`,
    });
  }

  @Get('competitions/:competitionId/submissions/export')
  @Authenticated()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (RFC 4180, header row) of every submission of the competition' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async submissionsCsv(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.tools.submissionsCsv(user, competitionId), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="competition-${competitionId}-submissions.csv"`,
    });
  }

  @Get('competitions/:competitionId/participants/export')
  @Authenticated()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (RFC 4180, header row) of the participants with their status' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async participantsCsv(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.tools.participantsCsv(user, competitionId), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="competition-${competitionId}-participants.csv"`,
    });
  }
}
